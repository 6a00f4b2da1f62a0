"""Product types: Shopify's product taxonomy in seven languages (catalog), a product's category
by lexical retrieval (retrieval), and the singular product noun per language for titles
(nouns). Import from those modules: this package loads none of them, so that a command that
only reads category ids does not pay for the retrieval index's libraries."""
