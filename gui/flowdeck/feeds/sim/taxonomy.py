"""The simulator's industries and the word stock it makes names from (universe.py).

Each market has 24-28 sectors from one pool, weighted by how many listed companies a
sector roughly has there (more software and machinery than banks). A made-up name is
two syllables and the sector's word: "Huaxin Pharmaceutical" / 华信医药 in the Chinese
markets (pinyin syllables, so a name's pinyin initials are those of its Chinese name),
"Norcal Therapeutics" / 诺卡生物 in the US (a transliteration, as Chinese sites write
US names). The default watchlist's stocks keep their real names (KNOWN).

Chinese names and sector names are written in Simplified here and in Traditional for
zh_HK through TRADITIONAL, a character table for the simulator's own words only (the
bundle ships OpenCC's Traditional-to-Simplified tables, not the reverse; a character
for character swap is right for these words, which tests check against OpenCC's
Simplified-to-Hong-Kong conversion); the real names are written out (KNOWN).
"""

from __future__ import annotations

from ...core.codes import Market

# slug: (English name, Chinese name, name word en, name word zh, weight)
SECTOR_POOL: dict[str, tuple[str, str, str, str, float]] = {
    "bank": ("Banks", "银行", "Bank", "银行", 0.5),
    "insurance": ("Insurance", "保险", "Insurance", "保险", 0.4),
    "securities": ("Brokerage & Asset Management", "证券", "Securities", "证券", 0.6),
    "property": ("Real Estate", "房地产", "Properties", "地产", 1.0),
    "reits": ("REITs", "房地产信托", "Realty Trust", "信托", 1.0),
    "construction": ("Construction & Engineering", "建筑装饰", "Construction", "建设", 1.0),
    "materials": ("Building Materials", "建筑材料", "Materials", "建材", 0.7),
    "steel": ("Steel", "钢铁", "Steel", "钢铁", 0.5),
    "nonferrous": ("Metals & Mining", "有色金属", "Mining", "矿业", 1.0),
    "chemicals": ("Chemicals", "基础化工", "Chemical", "化工", 2.0),
    "oil_gas": ("Oil & Gas", "石油石化", "Energy", "石油", 0.6),
    "coal": ("Coal", "煤炭", "Coal", "煤业", 0.4),
    "utilities": ("Utilities", "公用事业", "Power", "电力", 0.9),
    "new_energy": ("New Energy", "新能源", "New Energy", "新能源", 1.0),
    "autos": ("Autos & Parts", "汽车", "Motors", "汽车", 1.2),
    "machinery": ("Machinery", "机械设备", "Machinery", "机械", 2.0),
    "electrical": ("Electrical Equipment", "电力设备", "Electric", "电气", 1.5),
    "aerospace": ("Aerospace & Defense", "国防军工", "Aerospace", "航天", 0.6),
    "semis": ("Semiconductors", "半导体", "Semiconductor", "微电子", 1.3),
    "electronics": ("Electronics", "电子", "Electronics", "电子", 1.8),
    "software": ("Software & IT Services", "计算机", "Software", "软件", 2.0),
    "internet": ("Internet", "互联网", "Online", "网络", 1.0),
    "telecom": ("Telecom", "通信", "Telecom", "通信", 0.8),
    "media": ("Media & Entertainment", "传媒", "Media", "传媒", 0.9),
    "pharma": ("Pharmaceuticals", "医药", "Pharmaceutical", "医药", 1.8),
    "medtech": ("Medical Devices", "医疗器械", "Medical", "医疗", 1.0),
    "biotech": ("Biotechnology", "生物科技", "Therapeutics", "生物", 1.4),
    "food_bev": ("Food & Beverage", "食品饮料", "Foods", "食品", 1.0),
    "liquor": ("Liquor", "白酒", "Distillery", "酒业", 0.3),
    "retail": ("Retail", "商贸零售", "Retail", "商业", 0.8),
    "appliances": ("Household Appliances", "家用电器", "Appliances", "电器", 0.6),
    "textiles": ("Textiles & Apparel", "纺织服饰", "Apparel", "服饰", 0.8),
    "transport": ("Transport & Logistics", "交通运输", "Logistics", "物流", 0.9),
    "tourism": ("Travel & Leisure", "社会服务", "Hospitality", "旅游", 0.6),
    "gaming": ("Gaming", "博彩", "Entertainment", "娱乐", 0.3),
    "agriculture": ("Agriculture", "农林牧渔", "Agriculture", "农业", 0.7),
    "conglomerate": ("Conglomerates", "综合企业", "Holdings", "控股", 0.8),
}

MARKET_SECTORS: dict[Market, tuple[str, ...]] = {
    Market.HK: ("bank", "insurance", "securities", "property", "construction", "materials",
                "nonferrous", "oil_gas", "utilities", "new_energy", "autos", "machinery",
                "electronics", "software", "internet", "telecom", "media", "pharma",
                "biotech", "food_bev", "retail", "textiles", "transport", "tourism",
                "gaming", "conglomerate"),
    Market.US: ("bank", "insurance", "securities", "reits", "construction", "nonferrous",
                "chemicals", "oil_gas", "utilities", "new_energy", "autos", "machinery",
                "aerospace", "semis", "electronics", "software", "internet", "telecom",
                "media", "pharma", "medtech", "biotech", "food_bev", "retail",
                "appliances", "transport", "tourism"),
    Market.SH: ("bank", "insurance", "securities", "property", "construction", "materials",
                "steel", "nonferrous", "chemicals", "oil_gas", "coal", "utilities",
                "new_energy", "autos", "machinery", "electrical", "aerospace", "semis",
                "electronics", "software", "telecom", "media", "pharma", "medtech",
                "food_bev", "liquor", "transport", "agriculture"),
    Market.SZ: ("bank", "securities", "property", "materials", "nonferrous", "chemicals",
                "utilities", "new_energy", "autos", "machinery", "electrical", "semis",
                "electronics", "software", "internet", "telecom", "media", "pharma",
                "medtech", "biotech", "food_bev", "liquor", "retail", "appliances",
                "textiles", "agriculture"),
}

# Pinyin syllables and their characters for A-share and HK names.
CN_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("Hua", "华"), ("Zhong", "中"), ("Xin", "新"), ("Heng", "恒"), ("Kang", "康"),
    ("Jin", "金"), ("Sheng", "盛"), ("Da", "达"), ("Hai", "海"), ("Tian", "天"),
    ("Hong", "宏"), ("Tai", "泰"), ("An", "安"), ("Xin", "信"), ("Li", "力"),
    ("Tong", "通"), ("Yuan", "远"), ("Dong", "东"), ("Nan", "南"), ("Guang", "光"),
    ("Rui", "瑞"), ("De", "德"), ("Xiang", "祥"), ("Fu", "福"), ("Mei", "美"),
    ("Jia", "嘉"), ("Long", "龙"), ("Kai", "凯"), ("Ke", "科"), ("Lian", "联"),
    ("Run", "润"), ("Yong", "永"), ("Hui", "汇"), ("Bo", "博"), ("Wan", "万"),
    ("Chen", "晨"), ("Feng", "丰"), ("Cheng", "诚"), ("Ming", "明"), ("Xing", "兴"),
    ("Hao", "浩"), ("Yu", "宇"), ("Shun", "顺"), ("Chang", "昌"), ("Ji", "吉"),
    ("Bao", "宝"), ("Sen", "森"), ("Wei", "威"),
)

# Syllables and their usual transliteration for US names.
US_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("Am", "安"), ("Ar", "阿"), ("Bel", "贝"), ("Bri", "布里"), ("Cal", "卡"),
    ("Cor", "科"), ("Dyn", "迪恩"), ("El", "埃"), ("Ev", "伊夫"), ("Fal", "法尔"),
    ("Gen", "杰"), ("Gra", "格拉"), ("Hal", "哈尔"), ("Ist", "伊斯"), ("Jen", "詹"),
    ("Kel", "凯"), ("Lan", "兰"), ("Lum", "卢"), ("Mar", "马"), ("Mer", "默"),
    ("Nor", "诺"), ("Nov", "诺瓦"), ("Oak", "奥克"), ("Pal", "帕尔"), ("Pro", "普罗"),
    ("Quin", "昆"), ("Ren", "雷恩"), ("Ros", "罗斯"), ("Sal", "萨尔"), ("Ster", "斯特"),
    ("Syn", "辛"), ("Tal", "塔尔"), ("Ter", "泰"), ("Ul", "乌尔"), ("Val", "瓦尔"),
    ("Ver", "维"), ("Wes", "韦斯"), ("Zan", "赞"), ("Tex", "德克"), ("Vis", "维斯"),
)

# The default watchlist (stocks.py): real Chinese names (Simplified, Traditional as
# Hong Kong writes them) and sectors.
KNOWN: dict[str, tuple[str, str, str]] = {
    "HK.00700": ("腾讯控股", "騰訊控股", "internet"),
    "HK.09988": ("阿里巴巴", "阿里巴巴", "internet"),
    "HK.00005": ("汇丰控股", "滙豐控股", "bank"),
    "HK.03690": ("美团", "美團", "internet"),
    "HK.01810": ("小米集团", "小米集團", "electronics"),
    "HK.01299": ("友邦保险", "友邦保險", "insurance"),
    "US.AAPL": ("苹果", "蘋果", "electronics"),
    "US.MSFT": ("微软", "微軟", "software"),
    "US.NVDA": ("英伟达", "英偉達", "semis"),
    "US.TSLA": ("特斯拉", "特斯拉", "autos"),
    "US.AMZN": ("亚马逊", "亞馬遜", "internet"),
    "US.GOOGL": ("谷歌-A", "谷歌-A", "internet"),
    "US.BRK.B": ("伯克希尔-B", "伯克希爾-B", "insurance"),
    "SH.600519": ("贵州茅台", "貴州茅台", "liquor"),
    "SH.601318": ("中国平安", "中國平安", "insurance"),
    "SH.600036": ("招商银行", "招商銀行", "bank"),
    "SZ.000001": ("平安银行", "平安銀行", "bank"),
    "SZ.000858": ("五粮液", "五糧液", "liquor"),
    "SZ.300750": ("宁德时代", "寧德時代", "new_energy"),
    "SZ.002594": ("比亚迪", "比亞迪", "autos"),
}

# Simplified -> Traditional for every character of the syllables' and sectors' words
# that differs (str.translate; 托 is 託 in 信托, the one word that has it). 里 stays
# (布里 is a transliteration, not 裡) and so does 恒 (Hong Kong writes 恒生, OpenCC 恆).
TRADITIONAL = str.maketrans(
    "万业东丰乌乐产会传体兰兴军农凯务医华卢国备奥娱宝导尔属机杰气汇润渔游电疗矿础筑"
    "纺织络维综网罗联药萨装计设证诚诺贝贸赞车软输达运远钢铁银险韦顺饮饰马龙托",
    "萬業東豐烏樂產會傳體蘭興軍農凱務醫華盧國備奧娛寶導爾屬機傑氣匯潤漁遊電療礦礎築"
    "紡織絡維綜網羅聯藥薩裝計設證誠諾貝貿贊車軟輸達運遠鋼鐵銀險韋順飲飾馬龍託")

# Per market: ((first, last) symbol numbers, share of the market) of its boards.
BOARDS: dict[Market, tuple[tuple[tuple[int, int], float], ...]] = {
    Market.HK: (((1, 9999), 1.0),),
    Market.SH: (((600000, 605999), 0.74), ((688000, 688999), 0.26)),   # main, STAR
    Market.SZ: (((1, 3999), 0.54), ((300001, 301999), 0.46)),          # main, ChiNext
}

SIZES: dict[Market, int] = {Market.HK: 2600, Market.US: 4000, Market.SH: 2300,
                            Market.SZ: 2800}


def sector_id(market: Market, slug: str) -> str:
    """A sector's id: unique across markets too, so one mapping holds them all."""
    return f"{market.value}.{slug}"
