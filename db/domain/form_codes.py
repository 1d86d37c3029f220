"""Printed option lists of the 备案表 (2025 form, and the 1.0 form where it differs).

Codes are the ones printed before the option text on the form (filing-form-2025.md §3–§8,
mlps-domain.md §1.3–§1.6). They are form layout, versioned by template, not rules; the editors offer
them as choices, the validators accept them and the printed forms tick them.
"""

from __future__ import annotations

Options = list[tuple[str, str]]

AFFILIATION: Options = [
    ("1", "中央"),
    ("2", "省(自治区、直辖市)"),
    ("3", "地(区、市、州、盟)"),
    ("4", "县(区、市、旗)"),
    ("9", "其他"),
]

UNIT_TYPE: Options = [("1", "党委机关"), ("2", "政府机关"), ("3", "事业单位"), ("4", "企业"), ("9", "其他")]

INDUSTRY_2025: Options = [
    (str(i + 1), name)
    for i, name in enumerate(
        [
            "海关",
            "税务",
            "市场监督管理",
            "广播电视",
            "体育",
            "统计",
            "国际发展合作",
            "医疗保障",
            "参事",
            "机关事务管理",
            "外交",
            "国防科技工业",
            "发展和改革",
            "教育",
            "科学技术",
            "工业和信息化",
            "民族事务",
            "公安",
            "安全",
            "民政",
            "司法",
            "财政",
            "人力资源和社会保障",
            "自然资源",
            "生态环境",
            "住房和城乡建设",
            "交通运输",
            "水利",
            "农业农村",
            "商务",
            "文化和旅游",
            "卫生健康",
            "退役军人事务",
            "应急管理",
            "银行",
            "审计",
            "铁路",
            "电信",
            "经营性公众互联网",
            "保险",
            "证券",
            "气象",
            "民航",
            "电力",
            "能源",
            "邮政",
            "数据管理",
            "电子政务",
        ]
    )
] + [("99", "其他")]

INDUSTRY_1_0: Options = [
    ("11", "电信"),
    ("12", "广电"),
    ("13", "经营性公众互联网"),
    ("21", "铁路"),
    ("22", "银行"),
    ("23", "海关"),
    ("24", "税务"),
    ("25", "民航"),
    ("26", "电力"),
    ("27", "证券"),
    ("28", "保险"),
    ("31", "国防科技工业"),
    ("32", "公安"),
    ("33", "人事劳动和社会保障"),
    ("34", "财政"),
    ("35", "审计"),
    ("36", "商业贸易"),
    ("37", "国土资源"),
    ("38", "能源"),
    ("39", "交通"),
    ("40", "统计"),
    ("41", "工商行政管理"),
    ("42", "邮政"),
    ("43", "教育"),
    ("44", "文化"),
    ("45", "卫生"),
    ("46", "农业"),
    ("47", "水利"),
    ("48", "外交"),
    ("49", "发展改革"),
    ("50", "科技"),
    ("51", "宣传"),
    ("52", "质量监督检验检疫"),
    ("99", "其他"),
]

OBJECT_TYPE_2025: Options = [("network", "通信网络设施"), ("info_system", "信息系统"), ("data", "数据资源")]

TECHNOLOGIES: Options = [
    ("cloud", "云计算技术"),
    ("mobile", "移动互联技术"),
    ("iot", "物联网技术"),
    ("ics", "工业控制技术"),
    ("big_data", "大数据技术"),
    ("other", "其他"),
]

BUSINESS_TYPE_2025: Options = [
    ("1", "生产作业"),
    ("2", "指挥调度"),
    ("3", "内部办公"),
    ("4", "公众服务"),
    ("9", "其他"),
]
BUSINESS_TYPE_1_0: Options = [
    ("1", "生产作业"),
    ("2", "指挥调度"),
    ("3", "管理控制"),
    ("4", "内部办公"),
    ("5", "公众服务"),
    ("9", "其他"),
]

SERVICE_SCOPE: Options = [
    ("10", "全国"),
    ("11", "跨省（区、市）"),
    ("20", "全省（区、市）"),
    ("21", "跨地（市、区）"),
    ("30", "地（市、区）内"),
    ("99", "其它"),
]

SERVICE_OBJECTS: Options = [("1", "单位内部人员"), ("2", "社会公众人员"), ("3", "两者均包括"), ("9", "其他")]
DEPLOYMENT_SCOPE: Options = [("1", "局域网"), ("2", "城域网"), ("3", "广域网"), ("9", "其他")]
NETWORK_NATURE: Options = [("1", "业务专网"), ("2", "互联网"), ("9", "其他")]
INTERCONNECTION: Options = [
    ("1", "与其他行业系统连接"),
    ("2", "与本行业其他单位系统连接"),
    ("3", "与本单位其他系统连接"),
    ("9", "其它"),
]
YES_NO: Options = [("yes", "是"), ("no", "否")]

#: 表五 materials of the 2025 form (S1 wording) by FilingMaterial.item_key (see MATERIAL_KEY_ALIASES)
MATERIALS_2025: Options = [
    ("topology", "网络拓扑结构及说明"),
    ("organization", "网络安全组织架构及管理制度清单"),
    ("design", "网络安全建设设计方案或整改设计方案"),
    ("products", "网络安全专用产品清单及相关证明"),
    ("services", "使用的安全服务清单"),
    ("guidance", "行业主管部门指导定级文件"),
]

#: other item keys in use for the same 表五 rows
MATERIAL_KEY_ALIASES = {"org_policy": "organization", "policies": "organization"}

#: 1.0 表四 第三级以上信息系统提交材料情况
MATERIALS_1_0: Options = [
    ("topology", "系统拓扑结构及说明"),
    ("organization", "系统安全组织机构及管理制度"),
    ("design", "系统安全保护设施设计实施方案或改建实施方案"),
    ("products", "系统使用的安全产品清单及认证、销售许可证明"),
    ("test_report", "系统等级测评报告"),
    ("expert_review", "专家评审情况"),
    ("supervisor", "上级主管部门审批意见"),
]

# 表四 new-technology blocks -----------------------------------------------------------------
CLOUD_ROLES: Options = [("provider", "云服务商"), ("customer", "云服务客户")]
CLOUD_SERVICE_MODELS: Options = [
    ("iaas", "基础设施即服务IaaS"),
    ("paas", "平台即服务PaaS"),
    ("saas", "软件即服务SaaS"),
    ("other", "其他"),
]
CLOUD_DEPLOYMENT: Options = [
    ("private", "私有云"),
    ("public", "公有云"),
    ("hybrid", "混合云"),
    ("other", "其他"),
]
MOBILE_CHANNELS: Options = [
    ("public_wifi", "公共WIFI"),
    ("private_wifi", "专用WIFI"),
    ("cellular", "移动通信网"),
]
MOBILE_TERMINALS: Options = [("general", "通用终端"), ("dedicated", "专用终端")]
IOT_SENSE: Options = [
    ("node", "感知节点"),
    ("gateway", "感知网关"),
    ("rfid_tag", "RFID标签"),
    ("rfid_reader", "RFID读写器"),
    ("other", "其他"),
]
IOT_TRANSPORT: Options = [
    ("internet", "互联网"),
    ("private", "专用网"),
    ("cellular", "移动通信网"),
    ("other", "其他"),
]
ICS_LAYERS: Options = [
    ("management", "生产管理层"),
    ("supervisory", "过程监控层"),
    ("control", "现场控制层"),
    ("device", "现场设备层"),
]
ICS_PARTS: Options = [
    ("scada", "数据采集与监视控制系统（SCADA）"),
    ("dcs", "分布式控制系统（DCS）"),
    ("plc", "可编程逻辑控制器（PLC）"),
    ("rtu", "远程终端单元（RTU）"),
    ("mtu", "主终端单元（MTU）"),
    ("sc", "上位机（SC）"),
    ("other", "其他"),
]
BIG_DATA_PARTS: Options = [
    ("platform", "大数据平台"),
    ("application", "大数据应用"),
    ("resource", "大数据资源"),
]
BIG_DATA_EXPORT: Options = [("no", "无出境需求"), ("yes", "有出境需求")]

# 表六 ---------------------------------------------------------------------------------------
DATA_LEVEL: Options = [("1", "一般数据"), ("2", "重要及以上数据")]
PERSONAL_INFO: Options = [
    ("1", "涉及敏感个人信息"),
    ("2", "涉及未成年人的个人信息"),
    ("3", "涉及一般个人信息"),
    ("4", "不涉及"),
]
DATA_SOURCES: Options = [
    ("1", "系统采集"),
    ("2", "系统产生"),
    ("3", "人工填报"),
    ("4", "交易购买"),
    ("5", "共享交换"),
    ("9", "其他"),
]
STORAGE_CLOUD: Options = [
    ("1", "私有云"),
    ("2", "公有云"),
    ("3", "混合云"),
    ("4", "政务云"),
    ("5", "非云计算平台"),
]
STORAGE_ROOM: Options = [("1", "本单位机房"), ("2", "外单位机房"), ("3", "国内第三方托管机房")]
STORAGE_REGION: Options = [("1", "境内"), ("2", "境外")]


def label_of(options: Options, code: str | None, other: str = "") -> str:
    """The printed text of a code; 其他 takes its written detail."""
    for c, label in options:
        if c == code:
            if label in ("其他", "其它") and other:
                return f"{label}（{other}）"
            return label
    return other or ""
