using System.Collections.Immutable;

namespace ServiceGrid.Demo;

/// <summary>The word lists the demo organization is drawn from: people, companies, products and spare parts.</summary>
public static class DemoCatalog
{
    public static readonly ImmutableArray<string> Surnames =
    [
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
        "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo",
    ];

    public static readonly ImmutableArray<string> GivenNames =
    [
        "Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Jun", "Yang", "Yong", "Yan", "Jie",
        "Tao", "Ming", "Chao", "Xiuying", "Hua", "Ping", "Gang", "Haoran", "Zihan", "Yuxuan", "Xinyi", "Jianguo",
    ];

    /// <summary>Trade names; each is used once per city, so with the city they make a unique company name.</summary>
    public static readonly ImmutableArray<string> TradeNames =
    [
        "Huaxin", "Zhongtai", "Hengrui", "Jinhai", "Tianyu", "Xinda", "Ruifeng", "Guotai",
        "Longsheng", "Haitong", "Dongfang", "Minsheng", "Kaiyuan", "Changjiang", "Boyuan", "Yuanhang",
    ];

    public static readonly ImmutableArray<string> Industries =
    [
        "Power Supply Co., Ltd.", "Petrochemical Co., Ltd.", "Iron & Steel Group", "Telecom Services Co., Ltd.",
        "Rail Transit Co., Ltd.", "Medical Group", "Logistics Co., Ltd.", "Water Group Co., Ltd.",
        "Securities Co., Ltd.", "Automotive Parts Co., Ltd.", "Pharmaceutical Co., Ltd.", "Data Center Services Co., Ltd.",
    ];

    public static readonly ImmutableArray<string> SiteNames = ["Head office", "Production plant", "Data center", "Operations center"];

    public sealed record Product(string Model, ImmutableArray<string> Parts);

    /// <summary>The installed base: each model with the spare parts it takes.</summary>
    public static readonly ImmutableArray<Product> Products =
    [
        new("SV-720 rack server", ["PSU-750W", "FAN-80MM", "MEM-32G-DDR4", "SSD-960G", "MB-SV720"]),
        new("SD-5500 storage array", ["HDD-4TB-SAS", "SSD-960G", "CTRL-SD5500", "PSU-750W"]),
        new("GX-2000 core switch", ["SFP-10G-LR", "LC-GX48", "PSU-750W", "FAN-80MM"]),
        new("GX-800 access router", ["SFP-10G-LR", "PSU-350W"]),
        new("UPS-60K power system", ["BAT-12V-100AH", "PSU-350W", "FAN-80MM"]),
        new("PA-300 precision air conditioner", ["CMP-PA300", "FLT-PA300", "FAN-80MM"]),
    ];

    /// <summary>Every SKU any depot stocks.</summary>
    public static readonly ImmutableArray<string> Skus =
        [.. Products.SelectMany(product => product.Parts).Distinct().Order(StringComparer.Ordinal)];
}
