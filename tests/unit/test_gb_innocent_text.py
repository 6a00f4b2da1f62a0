"""The GB packs against innocent text (dev round GB-2): what retained Reg. 1169/2011, Reg.
1007/2011 and SI 2011/1881 accept passes, and a violation beside it still fires."""

from __future__ import annotations

import pytest

from tests.unit.policy_listings import regime_fired


def food(name: str, *lineage: str) -> str:
    """A category as taxonomy.scope_category writes it: the name and its lineage's ids."""
    return f"{name} @taxonomy fb {' '.join(lineage)} "


UK_OPERATOR = {
    "food_business_operator": "Brambleside Preserves Ltd",
    "food_business_operator_address": "4 Mill Lane, Ledbury HR8 1BX",
}


@pytest.mark.parametrize(
    ("category", "fires"),
    [
        (food("White Wine", "fb-1", "fb-1-1", "fb-1-1-7"), False),  # Art. 16(4): over 1.2 %
        (food("Gin", "fb-1", "fb-1-1", "fb-1-1-5"), False),
        (food("Cheese", "fb-2", "fb-2-6", "fb-2-6-2"), False),  # Art. 19(1)(d)
        (food("Salted Butter", "fb-2", "fb-2-6", "fb-2-6-1", "fb-2-6-1-2"), False),
        (food("Honey", "fb-2", "fb-2-4", "fb-2-4-6"), False),  # Art. 19(1)(e)
        (food("Whole Eggs", "fb-2", "fb-2-12", "fb-2-12-1", "fb-2-12-1-4"), False),
        (food("Milk", "fb-1", "fb-1-9"), False),
        (food("Rice", "fb-2", "fb-2-11", "fb-2-11-9"), False),
        (food("Coffee Beans", "fb-1", "fb-1-3", "fb-1-3-1"), False),
        (food("Alcohol-Free", "fb-1", "fb-1-8"), True),  # 1.2 % or less: the list is needed
        (food("Margarine", "fb-2", "fb-2-6", "fb-2-6-1", "fb-2-6-1-1"), True),
        (food("Yogurt", "fb-2", "fb-2-6", "fb-2-6-8"), True),
        (food("Pies", "fb-2", "fb-2-15"), True),
        (food("Coffee Pods", "fb-1", "fb-1-3", "fb-1-3-2"), True),
    ],
)
def test_gb_foods_free_of_a_list_of_ingredients(category: str, fires: bool) -> None:
    fired = regime_fired("gb-food-1169", "en-GB", "Sold as one.", category=category, **UK_OPERATOR)
    assert ("gb-food.art9.ingredients" in fired) is fires


@pytest.mark.parametrize(
    ("description", "fires"),
    [
        ("Shortbread. Ingredients: wheat flour, butter (milk) (32%), sugar, rice flour.", False),
        ("Shortbread. INGREDIENTS - wheat flour, butter (milk), sugar.", False),
        ("Fruit scones. Ingredients: see packaging.", True),
        ("Fruit scones. Ingredients: n/a", True),
        ("Fruit scones with the finest ingredients.", True),
    ],
)
def test_gb_ingredients_stated_in_the_text_are_the_list(description: str, fires: bool) -> None:
    category = food("Biscuits", "fb-2", "fb-2-1", "fb-2-1-6")
    fired = regime_fired("gb-food-1169", "en-GB", description, category=category, **UK_OPERATOR)
    assert ("gb-food.art9.ingredients" in fired) is fires


@pytest.mark.parametrize(
    ("address", "fires"),
    [
        ("Packed for Hearth & Harvest Ltd, London", False),
        ("Marlowe & Finch Ltd, Bristol", False),
        ("Norwich, Norfolk", False),
        ("Made for Northgate Foods Ltd, Manchester, UK", False),
        ("PO Box 4172, Leeds LS1 9QT", False),
        ("Unit 3, Lisburn Road, Belfast BT9 6AA", False),
        ("Bridge Street, Newcastle Emlyn, Wales", False),
        ("Five Oaks, St Saviour, Jersey JE2 7UN", True),  # Crown dependencies: not the UK
        ("Les Banques, St Peter Port, Guernsey GY1 1BL", True),
        ("Glen Road, Laxey, Isle of Man IM4 7AR", True),
        ("12 George Street, Sydney, New South Wales 2000, Australia", True),
        ("Sydney, New South Wales", True),
        ("88 King Street West, Toronto, ON M5V 2T6, Canada", True),
        ("Boston, MA 02110, USA", True),
        ("London, Ontario, Canada", True),
        ("Brooklyn, New York", True),
        ("York", False),
        ("Mill Lane, Hawes, North Yorkshire", False),
    ],
)
def test_gb_food_reads_uk_addresses_as_labels_print_them(address: str, fires: bool) -> None:
    fired = regime_fired(
        "gb-food-1169",
        "en-GB",
        "Jam. Ingredients: sugar, strawberries.",
        category=food("Jams", "fb-2", "fb-2-7", "fb-2-7-6"),
        ingredients="sugar, strawberries",
        food_business_operator="Sauce Co",
        food_business_operator_address=address,
    )
    assert ("gb-food.art8.uk-operator" in fired) is fires


TOY = "Toys & Games > Trains & Train Sets"


@pytest.mark.parametrize(
    ("description", "fires"),
    [
        ("Wooden train set. Age: 3+ years.", False),
        ("Knights' fort. Recommended age: 8 years and up.", False),
        ("Bath crayons. For ages 3 to 8.", False),
        ("Kite. Suitable from 6 years.", False),
        ("Magnetic tiles. Suitable for ages 3+.", False),
        ("Wooden duck on wheels. Fun for all ages!", True),
        ("Magnetic tiles, 60 pieces. Warnings - N/A", True),
        ("Train set with 3 engines and 40 pieces.", True),
    ],
)
def test_gb_toys_read_the_minimum_age_stated_in_the_text(description: str, fires: bool) -> None:
    assert bool(regime_fired("gb-toys-2011-1881", "en-GB", description, category=TOY)) is fires


@pytest.mark.parametrize(
    ("category", "fires"),
    [
        ("Home & Kitchen > Storage & Organisation > Toy Storage", False),
        ("Furniture > Children's Furniture > Toy Boxes", False),
        ("Baby Products > Nursery > Toy Organisers", False),
        ("Sports & Outdoors > Games Room > Poker Sets", False),
        ("DIY & Tools > Power Tools > Jigsaws", False),
        ("Toys & Games > Board Games", True),
        ("Toys & Games > Building Toys", True),
    ],
)
def test_gb_toy_storage_and_games_rooms_are_no_toys(category: str, fires: bool) -> None:
    assert bool(regime_fired("gb-toys-2011-1881", "en-GB", "Sold as one.", category=category)) is (
        fires
    )


@pytest.mark.parametrize(("pieces", "fires"), [("1000", False), ("501", False), ("500", True)])
def test_gb_jigsaws_of_more_than_500_pieces_are_no_toys(pieces: str, fires: bool) -> None:
    fired = regime_fired(
        "gb-toys-2011-1881",
        "en-GB",
        "A jigsaw of a harbour at dusk.",
        category="Toys & Games > Puzzles > Jigsaw Puzzles",
        pieces=pieces,
    )
    assert (fired == {"gb-toys.warnings-jigsaw"}) is fires
    assert "gb-toys.warnings" not in fired


@pytest.mark.parametrize(
    ("category", "material", "fires"),
    [
        ("Watches > Accessories > Watch Straps", "nylon webbing", False),  # Annex V item 2
        ("Arts & Crafts > Sewing > Name Labels", "woven polyester", False),  # item 3
        ("Pet Supplies > Dogs > Apparel > Coats", "polyester", False),  # item 41
        ("Garden & Outdoors > Flags", "polyester", False),  # item 42
        ("Home & Kitchen > Home Décor > Artificial Flowers", "polyester", False),  # item 9
        ("Arts & Crafts > Sewing > Zips", "nylon", False),  # item 19
        ("Sports & Outdoors > Sailing > Sails", "polyester", False),  # item 40
        ("Luggage & Travel Gear > Packing Organisers", "nylon", False),  # item 17
        ("Beauty > Cotton Buds & Pads", "cotton, paper", False),  # item 35
        ("Clothing Accessories > Sunglasses", "acetate", False),
        ("Household > Laundry > Fabric Conditioner", "", False),
        ("Arts & Crafts > Fabric Paint", "", False),
        ("Home & Kitchen > Kitchen Utensils > Turners", "nylon", False),
        ("Home & Kitchen > Home Décor > Display Cases", "acrylic", False),
        ("Home & Kitchen > Storage > Storage Boxes", "polypropylene", False),
        ("Arts & Crafts > Wood Carving", "linden wood", False),
        ("Arts & Crafts > Printmaking", "lino", False),
        ("Home & Kitchen > Curtains", "polyester", True),
        ("Bags > Tote Bags", "cotton canvas", True),
        ("Bags > Beach Bags", "woven polypropylene", True),
        ("Home & Kitchen > Blankets", "knitted acrylic", True),
        ("Clothing > Men > Shirts", "", True),
        ("Clothing > Men > Belts", "", True),
    ],
)
def test_gb_textile_composition_spares_annex_v_and_non_textiles(
    category: str, material: str, fires: bool
) -> None:
    attributes = {"material": material} if material else {}
    fired = regime_fired(
        "gb-textile-2012-1102", "en-GB", "Sold as one.", category=category, **attributes
    )
    assert bool(
        fired & {"gb-textile.art16.composition", "gb-textile.art16.composition-material"}
    ) is (fires)


@pytest.mark.parametrize(
    ("description", "composition", "fires"),
    [
        ("Machine wash on a wool cycle at 30°C.", "70% acrylic, 30% polyester", False),
        ("Wash at 40°C on a cotton programme.", "100% polyester", False),
        ("Cool iron on the silk setting.", "100% viscose", False),
        ("Clean with a damp cloth, not wire wool.", "100% polyester", False),
        ("Colour: Cashmere Pink.", "100% acrylic", False),
        ("A wool coat for cold mornings.", "100% polyester", True),
        ("Luxurious silk scarf.", "100% polyester", True),
        ("Steel wool and silk, spun together.", "100% polyester", True),
    ],
)
def test_gb_care_wording_names_no_absent_fibre(
    description: str, composition: str, fires: bool
) -> None:
    fired = regime_fired(
        "gb-textile-2012-1102",
        "en-GB",
        description,
        category="Clothing > Women > Coats",
        fibre_composition=composition,
    )
    assert ("gb-textile.fibre-absent" in fired) is fires


@pytest.mark.parametrize(
    ("description", "fires"),
    [
        ("Crisp polycotton sheets that need no ironing.", True),
        ("Crisp poly-cotton sheets.", True),
        ("Crisp sheets of 50% polyester, 50% cotton.", False),
    ],
)
def test_gb_polycotton_is_no_fibre_name(description: str, fires: bool) -> None:
    fired = regime_fired(
        "gb-textile-2012-1102",
        "en-GB",
        description,
        category="Home & Kitchen > Bedding > Sheets",
        fibre_composition="50% polyester, 50% cotton",
    )
    assert ("gb-textile.fibre-names" in fired) is fires
