"""The demo city's organisation chart, as plain data.

Place names are the ones citizens actually write in the shared message data
(`../shared/data/teddy2020`): "A2区暮云街道丽发新城社区", "A3区天顶街道青山新村"...,
so that location parsing finds them in real intake text. Codes are ASCII slugs
(pinyin for places) because they become login names (`tianding_handler`).
"""

from __future__ import annotations

CITY = ("a-city", "A市", "")
CENTRE = ("centre", "A市12345政务服务便民热线中心", "12345热线,市长热线,热线中心")

# district code, name, aliases, [(street code, name, aliases, [(community code, name, aliases)])]
DISTRICTS = [
    ("a1", "A1区", "", [
        ("mawangdui", "马王堆街道", "马王堆街道办事处", [
            ("xinqiaoxincun", "新桥新村社区", "新桥新村"),
            ("guhancheng", "古汉城社区", "古汉城"),
        ]),
        ("mapoling", "马坡岭街道", "马坡岭街道办事处", [
            ("xinan", "新安社区", ""),
            ("xilong", "西龙村", ""),
        ]),
        ("dingwangtai", "定王台街道", "定王台街道办事处", [
            ("fengquangujing", "丰泉古井社区", "丰泉古井"),
            ("huangnijie", "黄泥街社区", "黄泥街"),
        ]),
    ]),
    ("a2", "A2区", "", [
        ("muyun", "暮云街道", "暮云街道办事处,暮云镇", [
            ("lifaxincheng", "丽发新城社区", "丽发新城"),
            ("yuntang", "云塘社区", ""),
            ("niujiaotang", "牛角塘社区", ""),
        ]),
        ("guihuaping", "桂花坪街道", "桂花坪街道办事处", [
            ("lufu", "卢浮社区", ""),
            ("jingrong", "景蓉社区", "景蓉华苑"),
        ]),
        ("nantuo", "南托街道", "南托街道办事处", [
            ("nantuoling", "南托岭社区", ""),
        ]),
        ("xinkaipu", "新开铺街道", "新开铺街道办事处", [
            ("baoziling", "豹子岭社区", ""),
        ]),
    ]),
    ("a3", "A3区", "", [
        ("tianding", "天顶街道", "天顶街道办事处", [
            ("qingshanxincun", "青山新村社区", "青山新村"),
            ("jianshan", "尖山社区", ""),
            ("yongheng", "永恒社区", ""),
        ]),
        ("guanshaling", "观沙岭街道", "观沙岭街道办事处", [
            ("yulong", "钰龙社区", ""),
            ("tucheng", "土城社区", ""),
            ("yuebei", "岳北社区", ""),
        ]),
        ("yinpenling", "银盆岭街道", "银盆岭街道办事处", [
            ("yinshuang", "银双社区", ""),
            ("tongzipo", "桐梓坡社区", ""),
        ]),
        ("yanghu", "洋湖街道", "洋湖街道办事处", [
            ("bailu", "白鹭社区", ""),
        ]),
        ("xihu", "西湖街道", "西湖街道办事处", [
            ("chachang", "茶场村", ""),
        ]),
    ]),
    ("a4", "A4区", "", [
        ("wujialing", "伍家岭街道", "伍家岭街道办事处", [
            ("huacheng", "花城社区", ""),
        ]),
        ("sifangping", "四方坪街道", "四方坪街道办事处", [
            ("shengli", "四方坪胜利社区", "胜利社区"),
        ]),
        ("qingzhuhu", "青竹湖街道", "青竹湖街道办事处", [
            ("tiansheng", "天胜社区", ""),
        ]),
    ]),
    ("a5", "A5区", "", [
        ("dongjing", "洞井街道", "洞井街道办事处", [
            ("poyang", "鄱阳社区", ""),
            ("zhiwuyuan", "植物园社区", ""),
        ]),
        ("guitang", "圭塘街道", "圭塘街道办事处", [
            ("taian", "泰安社区", ""),
        ]),
    ]),
    ("a6", "A6区", "", [
        ("yueliangdao", "月亮岛街道", "月亮岛街道办事处", [
            ("taohuajing", "桃花井社区", ""),
            ("huangdugang", "黄都港社区", ""),
        ]),
        ("gaotangling", "高塘岭街道", "高塘岭街道办事处", [
            ("chujiang", "楚江村", ""),
        ]),
    ]),
]

# Communities that get grids (网格) and a grid inspector each.
GRIDDED = ["qingshanxincun", "lifaxincheng", "xinqiaoxincun", "jianshan"]

# Line departments (条): code, name, aliases.
DEPARTMENTS = [
    ("market", "A市市场监督管理局", "市场监管局,工商局,质监局,食药监局"),
    ("urban", "A市城市管理和综合执法局", "城管局,城管,综合执法局"),
    ("ecology", "A市生态环境局", "环保局,环境保护局"),
    ("housing", "A市住房和城乡建设局", "住建局,住建委,房产局"),
    ("transport", "A市交通运输局", "交通局,运管处"),
    ("hrss", "A市人力资源和社会保障局", "人社局,劳动局,社保局"),
    ("education", "A市教育局", "教育局"),
    ("health", "A市卫生健康委员会", "卫健委,卫生局,卫计委"),
    ("police", "A市公安局（非警务事项）", "公安局,派出所,交警支队"),
    ("natres", "A市自然资源和规划局", "国土局,规划局,自然资源局,不动产登记中心"),
    ("civil", "A市民政局", "民政局"),
    ("emergency", "A市应急管理局", "应急局,安监局"),
    ("culture", "A市文化旅游广电局", "文旅局,旅游局,文化局,体育局"),
    ("agri", "A市农业农村局", "农业局,农委,林业局"),
    ("waterres", "A市水利局", "水务局"),
    ("justice", "A市司法局", "司法局"),
    ("medins", "A市医疗保障局", "医保局"),
    ("veterans", "A市退役军人事务局", "退役军人局"),
    ("industry", "A市工业和信息化局", "工信局,经信委"),
    ("commerce", "A市商务局", "商务局"),
    ("finance", "A市财政局", "财政局,金融办"),
    ("development", "A市发展和改革委员会", "发改委,物价局"),
    ("science", "A市科学技术局", "科技局,知识产权局"),
    ("sasac", "A市国有资产监督管理委员会", "国资委"),
    ("housingfund", "A市住房公积金管理中心", "公积金中心"),
    ("postal", "A市邮政管理局", "邮政局,快递"),
    ("govoffice", "A市人民政府办公室", "市政府办"),
    ("discipline", "A市纪委监委", "纪委,监委"),
]

UTILITIES = [
    ("water", "A市供水有限公司", "自来水公司,水务集团,供水公司"),
    ("power", "国网A市供电公司", "供电公司,供电局,电力公司"),
    ("gas", "A市燃气集团有限公司", "燃气公司,天然气公司"),
    ("telecom", "中国电信A市分公司", "电信公司,中国电信"),
    ("mobile", "中国移动A市分公司", "移动公司,中国移动"),
    ("bus", "A市公共交通集团有限公司", "公交公司,公交集团"),
    ("metro", "A市轨道交通集团有限公司", "地铁公司,地铁集团"),
]

PROVIDERS = [
    ("repairs", "A市便民维修服务中心", "便民维修"),
    ("homecare", "A市好邻居家政服务有限公司", "好邻居家政"),
]
VOLUNTEER_TEAMS = [("volunteers", "A市12345志愿服务队", "志愿服务队")]
MEDIATION = [("mediation", "A市人民调解委员会", "人民调解委员会")]
EXTERNAL = [
    ("ext110", "A市公安局110指挥中心", "110"),
    ("ext119", "A市消防救援119指挥中心", "119"),
    ("ext120", "A市120急救指挥中心", "120"),
    ("ext122", "A市交警122报警台", "122"),
]
