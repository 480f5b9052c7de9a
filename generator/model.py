"""The data model: what a company, a service policy and a bid are.

These classes are the single description of the data format. The validation,
the JSON Schema that editors use for completion (with a Chinese title and
description for every key) and the format documentation all come from them.

Keys are English snake_case, values Chinese. Unknown keys are errors (a typo
such as `respone` must not silently drop a promise).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .findings import Location
from .loader import LocDict, LocList
from .values import CountValue, DateValue, DurationValue, FlagValue, MoneyValue, PercentValue, ServiceHoursValue, TimeValue

REGIONS: tuple[str, ...] = ("本市", "省内", "省外")
Region = Literal["本市", "省内", "省外"]

#: warranty start events at the detail real plans use; the first four are the
#: original coarse ones and keep working
WARRANTY_STARTS: tuple[str, ...] = ("验收合格", "安装调试完成", "到货签收", "合同签订", "清点验收", "初验合格", "终验合格", "验收合格投入运行", "交付使用")
WarrantyStart = Literal["验收合格", "安装调试完成", "到货签收", "合同签订", "清点验收", "初验合格", "终验合格", "验收合格投入运行", "交付使用"]

Mark = Literal["★", "▲", ""]

#: what each value of a closed set means; editors show it beside the value
#: (tests/test_schema.py fails for a value of a closed set missing here)
VALUE_HELP: dict[str, str] = {
    "本市": "与公司总部在同一城市",
    "省内": "与公司总部同省、不同城市",
    "省外": "在公司总部所在省份以外",
    "验收合格": "自采购人验收合格之日起计算质保期（最常见）",
    "安装调试完成": "自安装调试完成之日起计算质保期",
    "到货签收": "自到货签收之日起计算质保期",
    "合同签订": "自合同签订之日起计算质保期",
    "清点验收": "自到货清点验收之日起计算",
    "初验合格": "自初步验收合格之日起计算",
    "终验合格": "自最终验收合格之日起计算",
    "验收合格投入运行": "自验收合格并投入运行之日起计算",
    "交付使用": "自交付使用之日起计算",
    "报修": "修复时限从接到报修起算（默认）",
    "到场": "修复时限从工程师到达现场起算（如“到场后2小时内修复”）",
    "延保": "整体质保期满后的延长保修",
    "隐蔽工程质量责任": "隐蔽工程或潜在缺陷的质量责任期",
    "更换部件重新计算质保": "更换的部件自更换之日起重新计算的质保期",
    "整改期": "发现问题后完成整改的期限",
    "使用寿命": "设备的设计使用寿命或终身服务",
    "其他": "以上都不是的其他期限",
    "★": "实质性条款：负偏离即废标",
    "▲": "重要条款：负偏离会被扣分",
    "": "一般条款",
    "正偏离": "优于招标要求",
    "无偏离": "与招标要求相同",
    "负偏离": "达不到招标要求",
    "不低于": "目标是下限：实际值不得低于目标值",
    "不高于": "目标是上限：实际值不得高于目标值",
    "宋体": "衬线字体（随 tender 提供的开源宋体 Noto Serif SC）",
    "黑体": "无衬线字体（随 tender 提供的开源黑体 Noto Sans SC）",
}


def F(title: str, description: str, default: Any = ..., **kwargs: Any) -> Any:
    """A field with the Chinese title and description editors show."""
    return Field(default, title=title, description=description, **kwargs)


def Text(title: str, description: str, default: Any = ..., **kwargs: Any) -> Any:
    return F(title, description, default, min_length=1, **kwargs)


class Node(BaseModel):
    """Base of every data class: strict keys, and knows its place in the file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, validate_default=False)

    # `_raw` (the LocDict it came from) and `_path` are set by attach_locations
    # directly in the instance dict; see there.

    @property
    def _raw(self) -> Any:
        return self.__dict__.get("_raw")

    @property
    def _path(self) -> str:
        return self.__dict__.get("_path", "")

    def loc(self, field: str | int | None = None) -> Location | None:
        """Where this object (or one of its fields) is written."""
        raw = self._raw
        if field is None:
            return getattr(raw, "loc", None)
        if isinstance(raw, LocDict):
            return raw.locs.get(field, raw.loc)  # type: ignore[arg-type]
        if isinstance(raw, LocList) and isinstance(field, int) and field < len(raw.locs):
            return raw.locs[field]
        return getattr(raw, "loc", None)

    def dotted(self, field: str | None = None) -> str:
        """Dotted path of this object (or a field) in its file, for waivers."""
        return f"{self._path}.{field}" if field and self._path else (field or self._path)


def attach_locations(obj: Any, raw: Any, path: str = "") -> None:
    """Give every model object a link to the raw data it came from, so rules
    can report file:line. Walks the model and the raw data side by side,
    descending only into fields that can hold model objects (this runs for
    every object of every bid, so it must stay cheap)."""
    if isinstance(obj, Node):
        # stored in the instance dict, not as pydantic private attributes:
        # those cost an extra dict per object on every validation
        obj.__dict__["_raw"] = raw
        obj.__dict__["_path"] = path
        if not isinstance(raw, dict):
            return
        for name in _node_fields(type(obj)):
            value = obj.__dict__.get(name)
            sub = raw.get(name)
            if value is not None and sub is not None:
                attach_locations(value, sub, f"{path}.{name}" if path else name)
    elif isinstance(obj, list) and isinstance(raw, list):
        for i, (item, sub) in enumerate(zip(obj, raw)):
            if isinstance(item, Node):
                attach_locations(item, sub, f"{path}[{i}]")


_NODE_FIELDS: dict[type, tuple[str, ...]] = {}


def _node_fields(cls: type) -> tuple[str, ...]:
    """Names of the fields of cls whose values may contain model objects."""
    names = _NODE_FIELDS.get(cls)
    if names is None:
        names = tuple(name for name, info in cls.model_fields.items() if inner_model(info.annotation, Node) is not None)
        _NODE_FIELDS[cls] = names
    return names


def inner_model(annotation: Any, base: type = BaseModel) -> Any:
    """The model class (a subclass of base) inside an annotation such as
    list[X] or X | None, if any."""
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, base):
            return ann
        stack.extend(getattr(ann, "__args__", ()) or ())
    return None


class Waiver(Node):
    """Silences one rule at one place, with a reason the reviewer can read."""

    rule: str = Text("规则", "要豁免的规则编号，如 warranty-part")
    path: str = F("位置", "数据中的位置（点分路径，如 policy.warranty.parts[0]）；留空表示整个文件", "")
    reason: str = F("理由", "为什么这里可以不遵守该规则；评审时会看到", min_length=4)


# ---------------------------------------------------------------------------
# company.yaml
# ---------------------------------------------------------------------------


class Signatory(Node):
    name: str = Text("姓名", "在承诺函上签字的法定代表人或授权代表的姓名")
    title: str = Text("职务", "签字人的职务，如 法定代表人、售后服务总监（授权代表）")
    phone: str | None = F("电话", "签字人的联系电话", None)


class Outlet(Node):
    name: str = Text("网点名称", "服务网点或办事处的名称，如 杭州服务中心")
    region: Region = F("区域层级", "网点相对公司所在城市的层级：本市、省内或省外；用于核对每个承诺区域都有人")
    province: str = Text("省份", "网点所在省、自治区或直辖市")
    city: str = Text("城市", "网点所在城市")
    address: str = Text("地址", "网点详细地址")
    phone: str = Text("电话", "网点值班电话")
    staff: int = F("人员数", "网点常驻服务人员数量", ge=0, le=10000)
    engineers: int = F("工程师数", "其中持证工程师数量", 0, ge=0, le=10000)
    spare_parts: FlagValue = F("备件库", "网点是否设有备品备件库", False)
    hours: str | None = F("营业时间", "网点对外接待时间，如 周一至周五 8:30—17:30；不填则网站上写“以热线安排为准”", None)
    product_lines: list[str] = F("服务的产品线", "该网点服务的产品线（与服务政策的 product_line 一致）；不填表示全部产品线", default_factory=list)
    lon: float | None = F("经度", "网点所在地的经度（东经，度）；城市不在内置城市表中时填写，用于网点地图", None, ge=73, le=136)
    lat: float | None = F("纬度", "网点所在地的纬度（北纬，度）；与经度一起填写", None, ge=3, le=54)


class ServiceArea(Node):
    """What 本市, 省内 and 省外 mean, in cities and provinces a customer knows."""

    region: Region = F("区域层级", "本市、省内或省外")
    cities: list[str] = F("城市", "属于这一层级的城市，如 杭州市；城市优先于省份", default_factory=list)
    provinces: list[str] = F("省份", "属于这一层级的省份（除已列入其他层级的城市外），如 浙江省", default_factory=list)
    description: str | None = F("说明", "向客户解释这一层级的一句话，如 杭州市（含所辖区县）；不填则由城市和省份生成", None)


class RepairChannel(Node):
    name: str = Text("渠道", "报修渠道的名称，如 微信公众号、服务邮箱")
    contact: str = Text("联系方式", "号码、账号或地址，如 澄衡服务")
    note: str | None = F("说明", "补充说明，如 工作日 8:30—17:30 人工受理", None)


class RepairGuide(Node):
    """The 如何报修 page: how a customer reports a fault, besides the hotline."""

    channels: list[RepairChannel] = F("其他报修渠道", "热线以外的报修渠道", default_factory=list)
    checklist: list[str] = F("报修时请准备", "客户报修时应准备的信息，如 产品型号、序列号、故障现象", default_factory=list)
    note: str | None = F("说明", "报修页面的补充说明", None)


class SynonymGroup(Node):
    """Customers search in their own words: 保修 finds the sections about 质保."""

    word: str = Text("政策用词", "服务政策里使用的词，如 质保")
    synonyms: list[str] = F("客户用词", "客户可能搜索的同义词，如 保修、包修", min_length=1)


class StaffGroup(Node):
    role: str = Text("岗位", "服务队伍中的岗位，如 售后工程师、客服专员、项目经理")
    count: CountValue | None = F("人数", "该岗位人数，可写 5、“5名以上”“不少于3人”；未写明则不填", None)
    person: str | None = F("姓名", "指定的负责人姓名（如项目经理）；未写明则不填", None)
    qualification: str | None = F("资质", "该岗位人员持有的证书或资质", None)
    duty: str | None = F("职责", "该岗位的主要职责", None)


class Qualification(Node):
    name: str = Text("资质名称", "证书或资质的名称，如 ISO 9001 质量管理体系认证")
    number: str | None = F("证书编号", "证书编号", None)
    issuer: str | None = F("发证机构", "颁发证书的机构", None)
    valid_until: DateValue | None = F("有效期至", "证书有效期截止日期，如 2028年6月30日", None)


class Attachment(Node):
    title: str = Text("附件名称", "附件的名称，如 营业执照副本")
    file: str | None = F("文件", "项目内的附件文件路径（图片或 PDF），如 assets/license.png；只能引用项目目录内的文件", None)


class Company(Node):
    name: str = Text("公司全称", "与营业执照一致的公司全称；承诺函落款和盖章用")
    short_name: str = Text("公司简称", "页眉等处使用的简称")
    credit_code: str = F("统一社会信用代码", "18 位统一社会信用代码，如 91330106MA27XK1B3F", json_schema_extra={"patternErrorMessage": "统一社会信用代码应为 18 位数字和大写字母（不含 I、O、S、V、Z）"}, pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
    legal_representative: str = Text("法定代表人", "法定代表人姓名")
    address: str = Text("注册地址", "公司地址")
    postcode: str | None = F("邮编", "邮政编码，如 310052", None, pattern=r"^\d{6}$", json_schema_extra={"patternErrorMessage": "邮编应为 6 位数字"})
    city: str = Text("所在城市", "公司总部所在城市；网点的“本市/省内/省外”以它为准")
    province: str = Text("所在省份", "公司总部所在省份")
    hotline: str = Text("服务热线", "全国统一服务热线，如 400-826-3519")
    hotline_hours: ServiceHoursValue = F("热线服务时间", "热线接听时间，如 7×24 表示全年无休 24 小时")
    email: str | None = F("服务邮箱", "售后服务电子邮箱", None)
    website: str | None = F("网址", "公司网站", None)
    founded: DateValue | None = F("成立日期", "公司成立日期，如 2012年3月15日", None)
    signatory: Signatory = F("签字人", "在承诺函上签字的法定代表人或授权代表")
    seal_image: str | None = F("公章图片", "电子公章图片（PNG，透明背景）的项目内路径；不填则在承诺函上留出盖章位置", None)
    logo: str | None = F("标志图片", "公司标志图片的项目内路径", None)
    word_template: str | None = F("Word 模板", "公司自己的 Word 模板（.docx）的项目内路径，如 templates/word/公司模板.docx；生成的 Word 文件采用其中的样式、页面设置、页眉和页脚，编号仍为 一、（一）1.（1）。不填则用 templates/word/reference.docx（若有），否则用内置的默认样式", None)
    outlets: list[Outlet] = F("服务网点", "全部服务网点；每个承诺了时限的区域层级至少要有一个网点", min_length=1)
    service_areas: list[ServiceArea] = F("区域范围", "本市、省内、省外各指哪些城市和省份；不填则本市为公司所在城市，省内为所在省份的其他城市，省外为其余地区", default_factory=list)
    repair: RepairGuide = F("报修指引", "网站“如何报修”页的渠道和准备事项", default_factory=RepairGuide)
    search_synonyms: list[SynonymGroup] = F("搜索同义词", "网站搜索时把客户用词对应到政策用词，如 保修→质保", default_factory=list)
    staff: list[StaffGroup] = F("服务队伍", "售后服务人员按岗位的构成", default_factory=list)
    qualifications: list[Qualification] = F("资质证书", "与售后服务相关的资质与认证", default_factory=list)
    attachments: list[Attachment] = F("附件", "随方案提交的附件清单", default_factory=list)
    allowed_names: list[str] = F("允许出现的单位名称", "正文中可以出现的其他单位名称（制造商、合作伙伴、认证机构）；其余以“公司/集团/厂/局/院/馆”结尾的名称视为复制残留", default_factory=list)


class CompanyFile(Node):
    company: Company = F("公司", "公司基本信息、热线、网点和人员")
    waivers: list[Waiver] = F("规则豁免", "逐处豁免某条规则（必须写明理由）", default_factory=list)


# ---------------------------------------------------------------------------
# policies/*.yaml
# ---------------------------------------------------------------------------


class Product(Node):
    name: str = Text("产品名称", "本政策覆盖的产品或系统")
    model: str | None = F("型号", "产品型号或规格", None)
    note: str | None = F("说明", "补充说明", None)


class SanBao(Node):
    """三包: the consumer-law floor for goods (部分商品修理更换退货责任规定).
    Real plans often state only part of it (only the repair limit, only "两次
    修不好换", or only a reference to the 三包 rules): every term is optional,
    and `sanbao-floor` checks what is stated and reports a bare reference."""

    return_within: TimeValue | None = F("包退期限", "售出后多长时间内出现性能故障可退货，如 7日（法定不少于 7日）；未写明则不填", None)
    exchange_within: TimeValue | None = F("包换期限", "售出后多长时间内出现性能故障可换货，如 15日（法定不少于 15日）；未写明则不填", None)
    repair_within: TimeValue | None = F("修理期限", "每次修理从报修到修好的最长时间，如 15日（法定不超过 30日）；未写明则不填", None)
    repairs_before_exchange: int | None = F("修理几次后换货", "保修期内修理几次仍不能正常使用即予换货（法定为 2 次）；未写明则不填", None, ge=1, le=10)
    reference: str | None = F("引用的三包规定", "方案只写“按国家三包规定执行”时，照录这句话；具体期限未写明时会提醒补全", None)


class WarrantyPart(Node):
    name: str = Text("部件", "有单独质保期的部件，如 压缩机、LED 模组")
    term: TimeValue = F("质保期", "该部件的质保期，如 60个月")
    consumable: FlagValue = F("易损件", "是否属于易损件或耗材（可短于整机质保期）", False)
    note: str | None = F("说明", "补充说明", None)


SECONDARY_KINDS: tuple[str, ...] = ("延保", "隐蔽工程质量责任", "更换部件重新计算质保", "整改期", "使用寿命", "其他")


class SecondaryPeriod(Node):
    """A period beside the main warranty, each with its own length and start:
    延保, latent-defect liability, warranty restarting for a replaced part, a
    remedy window, a service life."""

    kind: Literal["延保", "隐蔽工程质量责任", "更换部件重新计算质保", "整改期", "使用寿命", "其他"] = F(
        "类别", "延保、隐蔽工程质量责任、更换部件重新计算质保、整改期、使用寿命或其他")
    name: str | None = F("名称", "方案中的叫法，如 延长保修、缺陷责任期", None)
    term: TimeValue | None = F("期限", "这一期限的长度，如 24个月、终身；未写明则不填", None)
    start: WarrantyStart | None = F("起算", "从哪一事件起算；未写明则不填", None)
    note: str | None = F("说明", "补充说明", None)


class Warranty(Node):
    term: TimeValue | None = F("整体质保期", "整机或整个系统的免费质保期，如 36个月；方案未写明则不填（missing-term 会报错）", None)
    start: WarrantyStart | None = F("质保起算", "质保期从哪一事件起算（只能有一个）：" + "、".join(WARRANTY_STARTS) + "；未写明则不填（missing-term 会报错）", None)
    free_scope: list[str] = F("免费范围", "质保期内免费提供的内容（人工、配件、差旅……）", default_factory=list)
    exclusions: list[str] = F("除外责任", "不属于免费质保的情形", default_factory=list)
    parts: list[WarrantyPart] = F("部件质保", "与整体不同的部件质保期", default_factory=list)
    sanbao: SanBao | None = F("三包", "面向消费者的商品适用的三包承诺；工程和软件项目可不填", None)
    secondary: list[SecondaryPeriod] = F("其他期限", "延保、隐蔽工程质量责任期、更换部件重新计算的质保、整改期、使用寿命等，各有长度和起算", default_factory=list)
    note: str | None = F("说明", "关于质保的补充说明（自动检查是否与起算事件一致）", None)


#: the rungs of a fault ladder in their real order: (key, Chinese name, place
#: in the order). Rungs with the same place are not compared with each other
#: (a remote diagnosis may come before or after the dispatch).
RUNGS: tuple[tuple[str, str, int], ...] = (
    ("response", "响应", 0),
    ("dispatch", "派员", 1),
    ("remote", "远程诊断", 1),
    ("arrival", "到场", 2),
    ("arrival_fix", "到场处理", 2),
    ("proposal", "处理方案", 3),
    ("fix", "修复", 4),
    ("replacement", "更换", 5),
    ("backup", "备用设备", 5),
)


class RegionTimes(Node):
    region: Region | None = F("区域", "本市、省内或省外（相对公司总部）；方案不分区域时不填", None)
    response: TimeValue | None = F("响应时限", "接到报修后多长时间内响应（电话或远程），如 30分钟；也可写 立即", None)
    dispatch: TimeValue | None = F("派员时限", "接到报修后多长时间内派出工程师，如 30分钟", None)
    remote: TimeValue | None = F("远程诊断时限", "接到报修后多长时间内完成远程诊断，如 1小时", None)
    arrival: TimeValue | None = F("到场时限", "需要上门时，多长时间内工程师到达现场，如 2小时", None)
    arrival_fix: TimeValue | None = F("到场处理时限", "方案把到场和处理合写为一个时限时（如“24小时内到达现场处理”）填这里，如 24小时", None)
    proposal: TimeValue | None = F("处理方案时限", "多长时间内提出处理方案，如 4小时", None)
    fix: TimeValue | None = F("修复时限", "多长时间内排除故障、恢复运行，如 8小时", None)
    fix_from: Literal["报修", "到场"] = F("修复时限起算", "修复时限从报修起算（默认）还是从到场起算（如“到场后2小时内修复”）", "报修")
    replacement: TimeValue | None = F("更换时限", "无法修复时多长时间内更换设备或部件，如 72小时", None)
    backup: TimeValue | None = F("备用设备时限", "未能按时修复时，多长时间内提供备用设备或替代方案，如 24小时；不提供则不填", None)


class FaultLevel(Node):
    level: str = Text("等级", "故障等级名称，如 一级；列表中越靠前越严重")
    name: str | None = F("名称", "等级的称呼，如 紧急故障", None)
    definition: str | None = F("定义", "什么样的故障属于这一级", None)
    times: list[RegionTimes] = F("时限", "按区域的响应、派员、到场、处理方案、修复、更换和备用设备时限；可只写方案写明的几项", default_factory=list)


class RemoteSupport(Node):
    channels: list[str] = F("渠道", "远程支持的方式，如 电话、远程桌面、微信", default_factory=list)
    response: TimeValue | None = F("响应时限", "远程支持的响应时间，如 15分钟", None)


class SparePart(Node):
    name: str = Text("备件", "备品备件名称")
    stock: int | None = F("库存数量", "常备数量", None, ge=0, le=1_000_000)
    location: str | None = F("存放地点", "存放的网点或仓库", None)
    arrival: TimeValue | None = F("到场时限", "备件送达现场的最长时间，如 4小时（不得晚于它所服务的修复时限）", None)
    serves_level: str | None = F("服务的故障等级", "该备件主要用于哪一级故障的修复（填等级名称，如 一级）", None)


class SpareParts(Node):
    description: str | None = F("备件政策", "备品备件的储备与供应说明", None)
    supply_years: TimeValue | None = F("停产后供应年限", "产品停产后继续供应备件的年限，如 8年；未写明则不填（missing-term 会提醒）", None)
    price_policy: str | None = F("价格政策", "质保期外备件的价格说明", None)
    items: list[SparePart] = F("备件清单", "常备的备品备件", default_factory=list)


class TrainingSession(Node):
    title: str = Text("课程", "培训的名称")
    audience: str | None = F("对象", "参加培训的人员，如 设备管理员", None)
    trainees: int | None = F("每期人数", "每期培训人数；未写明则不填", None, ge=1, le=10000)
    sessions: int | None = F("期数", "该课程举办几期；未写明则不填", None, ge=1, le=1000)
    length: DurationValue | None = F("每期时长", "每期的时长，如 2日 或 4小时", None)
    place: str | None = F("地点", "培训地点，如 采购人现场、公司培训中心", None)
    content: list[str] = F("内容", "培训内容要点", default_factory=list)
    certificate: FlagValue = F("颁发证书", "培训合格后是否颁发证书", False)


class Training(Node):
    sessions: list[TrainingSession] = F("课程", "培训课程安排", default_factory=list)
    total_trainees: int | None = F("培训总人次", "若写明总人次，须等于各课程 每期人数×期数 之和", None, ge=0)
    note: str | None = F("说明", "关于培训的补充说明", None)


class MaintenanceCycle(Node):
    """One of several maintenance cycles (半月巡检, 季度保养, 年度大检)."""

    name: str = Text("名称", "周期的名称，如 季度巡检、年度保养")
    interval: DurationValue | None = F("间隔", "两次之间的时间，如 3个月", None)
    visits: int | None = F("质保期内次数", "若写明次数，须等于 质保期÷间隔", None, ge=0)
    content: list[str] = F("内容", "每次检查和维护的项目", default_factory=list)


class Inspections(Node):
    interval: DurationValue | None = F("巡检间隔", "两次巡检之间的时间，如 3个月", None)
    visits: int | None = F("质保期内巡检次数", "若写明次数，须等于 质保期÷巡检间隔", None, ge=0)
    content: list[str] = F("巡检内容", "每次巡检检查和维护的项目", default_factory=list)
    report: str | None = F("巡检报告", "巡检后提交什么报告、交给谁、多长时间内提交", None)
    cycles: list[MaintenanceCycle] = F("其他周期", "除主巡检外的其他维护周期（半月、季度、半年、年度……），各有间隔、次数和内容", default_factory=list)


class ReturnVisits(Node):
    interval: DurationValue | None = F("回访间隔", "两次回访之间的时间，如 1个月", None)
    visits: int | None = F("质保期内回访次数", "若写明次数，须等于 质保期÷回访间隔", None, ge=0)
    methods: list[str] = F("回访方式", "电话、上门、问卷等", default_factory=list)
    satisfaction_target: PercentValue | None = F("满意度目标", "客户满意度目标，如 98%（不能超过 100%）", None)


class EscalationStep(Node):
    rank: int = F("级别", "升级的级别，从 1 开始逐级增加", ge=1, le=20)
    role: str = Text("负责人", "这一级由谁处理，如 客服主管、售后总监")
    time_limit: TimeValue | None = F("处理时限", "这一级的处理时限，如 24小时（逐级不应缩短）", None)
    action: str | None = F("处理方式", "这一级做什么", None)


class Complaints(Node):
    channels: list[str] = F("投诉渠道", "客户可用的投诉渠道", default_factory=list)
    response: TimeValue | None = F("受理时限", "收到投诉后多长时间内受理并答复，如 24小时", None)
    steps: list[EscalationStep] = F("升级流程", "投诉未解决时的逐级升级", default_factory=list)


class KPI(Node):
    name: str = Text("指标", "服务指标名称，如 服务及时率、客户满意度")
    target: PercentValue | None = F("目标值", "目标百分比，如 95%、≥95%、<1%", None)
    direction: Literal["不低于", "不高于"] | None = F("方向", "目标是下限（不低于）还是上限（不高于）；目标值写了 ≥/< 等时可不填", None)
    measure: str | None = F("计算方法", "这个指标怎么统计", None)


class Penalty(Node):
    condition: str = Text("违约情形", "在什么情况下承担违约责任")
    penalty: str = Text("违约责任", "承担什么责任")
    amount: MoneyValue | None = F("金额", "违约金额（小写），如 2000元", None)
    amount_daxie: str | None = F("金额大写", "违约金额的大写；可不填，由程序生成；填写了则必须与小写一致", None)


class AfterWarranty(Node):
    description: str | None = F("服务方式", "质保期满后的服务方式", None)
    labour_rate: MoneyValue | None = F("人工费", "质保期外上门服务的人工费，如 800元（每人每次或每日，见 rate_unit）", None)
    rate_unit: str | None = F("计费单位", "人工费的计费单位，如 每人每日", None)
    parts_discount: PercentValue | None = F("备件折扣", "质保期外备件价格相对市场价的折扣，如 85% 表示按八五折", None)
    annual_contract: str | None = F("年度维保合同", "可选的年度维保合同内容", None)


class EmergencyScenario(Node):
    name: str = Text("情形", "应急情形，如 系统全面停机、重大活动保障")
    trigger: str | None = F("启动条件", "什么情况下启动预案", None)
    measures: list[str] = F("措施", "应急措施", default_factory=list)
    time_limit: TimeValue | None = F("时限", "预案启动后到位的时限，如 2小时", None)


PROSE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "总述"), ("warranty", "质保期与三包"), ("organisation", "服务体系与网点"),
    ("faults", "故障分级与响应时限"), ("spare_parts", "备品备件"), ("training", "培训"),
    ("inspections", "巡检与预防性维护"), ("return_visits", "回访与满意度"), ("complaints", "投诉处理"),
    ("kpis", "服务指标与违约责任"), ("after_warranty", "质保期满后服务"), ("emergency", "应急预案"),
    ("other", "其他"),
)


class PolicyProse(Node):
    """The plan's own paragraphs, per section and in order (written by
    `tender import` so that nothing of an imported plan is lost; the text
    rules check them like any other text)."""

    overview: list[str] = F("总述", "服务承诺总述的原文段落", default_factory=list)
    warranty: list[str] = F("质保期与三包", "质保与三包的原文段落", default_factory=list)
    organisation: list[str] = F("服务体系与网点", "服务机构、网点和人员的原文段落", default_factory=list)
    faults: list[str] = F("故障分级与响应时限", "故障分级与响应、到场、修复时限的原文段落", default_factory=list)
    spare_parts: list[str] = F("备品备件", "备品备件的原文段落", default_factory=list)
    training: list[str] = F("培训", "培训方案的原文段落", default_factory=list)
    inspections: list[str] = F("巡检与预防性维护", "巡检与维护保养的原文段落", default_factory=list)
    return_visits: list[str] = F("回访与满意度", "回访与满意度的原文段落", default_factory=list)
    complaints: list[str] = F("投诉处理", "投诉处理与升级的原文段落", default_factory=list)
    kpis: list[str] = F("服务指标与违约责任", "服务指标与违约责任的原文段落", default_factory=list)
    after_warranty: list[str] = F("质保期满后服务", "质保期满后服务的原文段落", default_factory=list)
    emergency: list[str] = F("应急预案", "应急预案的原文段落", default_factory=list)
    other: list[str] = F("其他", "无法归入以上各节的原文段落", default_factory=list)


class Policy(Node):
    title: str = Text("政策名称", "对外公布的服务政策名称")
    product_line: str | None = F("产品线", "产品线名称，如 暖通空调设备；用于检查跑题的产品词", None)
    product_words: list[str] = F("本产品线词汇", "本产品线的产品名词；正文出现其他产品线的产品词会被提醒（防止复制残留）", default_factory=list)
    version: str | None = F("版本", "政策版本号，如 2026版", None)
    effective_date: DateValue | None = F("生效日期", "政策生效日期，如 2026年1月1日", None)
    summary: str | None = F("概述", "一段话概述服务承诺", None)
    products: list[Product] = F("覆盖产品", "本政策覆盖的产品", default_factory=list)
    service_hours: ServiceHoursValue | None = F("上门服务时间", "现场服务的工作时间，如 7×24；5×8 时不能承诺夜间按小时到场", None)
    remote_support: RemoteSupport | None = F("远程支持", "电话、远程等支持方式", None)
    warranty: Warranty | None = F("质保", "质保期、起算、免费范围和除外责任；缺少时 missing-term 报错", None)
    fault_levels: list[FaultLevel] = F("故障分级", "按严重程度从高到低排列的故障等级及各区域时限", default_factory=list)
    spare_parts: SpareParts | None = F("备品备件", "备件储备、到场时限和停产后供应年限", None)
    training: Training | None = F("培训", "培训方案", None)
    inspections: Inspections | None = F("巡检", "巡检与预防性维护", None)
    return_visits: ReturnVisits | None = F("回访", "回访与满意度", None)
    complaints: Complaints | None = F("投诉处理", "投诉渠道、受理时限与升级流程", None)
    kpis: list[KPI] = F("服务指标", "量化的服务指标", default_factory=list)
    penalties: list[Penalty] = F("违约责任", "未达到承诺时承担的责任", default_factory=list)
    after_warranty: AfterWarranty | None = F("质保期满后服务", "质保期满后的服务与收费", None)
    emergency: list[EmergencyScenario] = F("应急预案", "重大故障与特殊情形的应急预案", default_factory=list)
    commitments: list[str] = F("其他承诺", "其他文字承诺（其中的数字会与数据核对）", default_factory=list)
    prose: PolicyProse | None = F("原文", "导入的方案原文，按章节、按原顺序保存（tender import 生成）", None)


class PolicyFile(Node):
    policy: Policy = F("服务政策", "一个产品线的公开售后服务政策")
    waivers: list[Waiver] = F("规则豁免", "逐处豁免某条规则（必须写明理由）", default_factory=list)


# ---------------------------------------------------------------------------
# bids/*.yaml
# ---------------------------------------------------------------------------


class Party(Node):
    name: str = Text("名称", "单位全称")
    address: str | None = F("地址", "单位地址", None)
    contact: str | None = F("联系人", "联系人", None)
    phone: str | None = F("电话", "联系电话", None)


class ProjectIdentity(Node):
    name: str = Text("项目名称", "与招标文件完全一致的项目名称；全文只在这里写一次")
    number: str = Text("项目编号", "招标文件上的项目编号")
    lot: str | None = F("包号", "分包时的包号，如 第2包；不分包则不填", None)
    buyer: Party = F("采购人", "采购人（招标人）")
    agency: Party | None = F("代理机构", "招标代理机构", None)
    site: str = Text("项目地点", "设备安装或系统使用的地点")
    region: Region = F("项目所在区域", "项目地点相对公司总部的层级：本市、省内或省外；响应时限按这一列承诺")


class Requirement(Node):
    clause: str = Text("条款号", "招标文件中的条款号，如 3.2.1")
    mark: Mark = F("标记", "★ 为实质性条款（负偏离即废标），▲ 为重要条款，空为一般条款", "")
    text: str = Text("招标要求", "招标文件原文")
    metric: str = F("指标", "这条要求衡量的承诺，如 arrival（到场时限）、warranty_term（质保期）；无法量化的写 text", "text")
    level: str | None = F("故障等级", "时限类指标对应的故障等级，如 一级；不填取最严重的一级（等级名称由基础政策的 fault_levels 定义，编辑器无法列出，由 tender check 核对）", None)
    threshold: Any = F("门槛值", "招标要求的数值，如 2小时、3年、95%、20、是", None)
    answer: str | None = F("投标响应", "对文字类要求的明确回答；量化要求可不填，由程序根据数据生成", None)
    deviation: Literal["正偏离", "无偏离", "负偏离"] | None = F("偏离", "通常不填，由程序根据数值计算；填写了则必须与计算结果一致", None)
    note: str | None = F("说明", "偏离表“说明”栏的补充文字", None)
    evidence: str | None = F("证明材料章节", "偏离表中该条指向的章节编号（如 organisation、warranty）；不填按指标自动定位", None)


class ScoringTier(Node):
    threshold: Any = F("档位门槛", "达到该档需要的数值，如 2小时", None)
    points: float = F("分值", "该档得分", ge=0, le=1000)
    text: str | None = F("档位描述", "评分标准原文中该档的描述", None)


class ScoringItem(Node):
    clause: str = Text("评分条款", "评分办法中的条款号")
    title: str = Text("评分项", "评分项名称，如 到场时间")
    metric: str = F("指标", "该评分项衡量的承诺（同招标要求的 metric）；无法量化的写 text", "text")
    level: str | None = F("故障等级", "时限类指标对应的故障等级，如 一级；不填取最严重的一级（等级名称由基础政策的 fault_levels 定义，编辑器无法列出，由 tender check 核对）", None)
    tiers: list[ScoringTier] = F("评分档位", "从高分到低分的档位", min_length=1)
    evidence: str | None = F("证明材料章节", "证明材料所在的章节编号（如 warranty、faults）；不填按指标自动定位", None)


class Amount(Node):
    label: str = Text("名称", "金额的名称，如 质保期外年度维保费")
    value: MoneyValue = F("金额", "小写金额，如 128000元")
    daxie: str | None = F("大写", "大写金额；建议不填，由程序生成", None)


class Letter(Node):
    paragraphs: list[str] = F("补充段落", "承诺函中在标准承诺之外补充的段落", default_factory=list)


#: the Chinese 号 scale of font sizes (pt), as tenders write them
FONT_SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
    "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5,
}
_FONT_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:pt|磅|点)\s*$", re.IGNORECASE)
#: the faces a 暗标 format may ask for: the shipped serif is the 宋体 of the
#: document, the shipped sans its 黑体 (no other face ships with tender)
FontFace = Literal["宋体", "黑体"]


def font_size_pt(text: str) -> float:
    """小四 → 12, 12pt / 12磅 → 12; ValueError for anything else."""
    if text.strip() in FONT_SIZES:
        return FONT_SIZES[text.strip()]
    m = _FONT_SIZE_RE.match(text)
    if m and 5 <= float(m[1]) <= 72:
        return float(m[1])
    raise ValueError(f"字号“{text}”无法识别；请写 小四、四号、三号 等，或 12pt、12磅（5–72）")


def _font_size(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{value}pt"
    if isinstance(value, str):
        try:
            font_size_pt(value)
        except ValueError as exc:
            raise PydanticCustomError("schema", str(exc)) from None
    return value


FontSize = Annotated[str, BeforeValidator(_font_size)]


class PageMargins(Node):
    top: float = F("上边距", "上页边距，毫米，如 25", ge=5, le=80)
    bottom: float = F("下边距", "下页边距，毫米", ge=5, le=80)
    left: float = F("左边距", "左（装订）页边距，毫米", ge=5, le=80)
    right: float = F("右边距", "右页边距，毫米", ge=5, le=80)


class AnonymousFormat(Node):
    """The 暗标 format a tender prescribes (fonts, sizes, margins, spacing)."""

    body_font: FontFace = F("正文字体", "正文字体：宋体 或 黑体（随 tender 提供的开源宋体/黑体字体）", "宋体")
    body_size: FontSize = F("正文字号", "正文字号，如 小四、四号，或 12pt", "小四")
    heading_font: FontFace = F("标题字体", "各级标题的字体：宋体 或 黑体", "黑体")
    heading_size: FontSize | None = F("标题字号", "一级标题字号，如 三号；不填则与正文字号相同（下级标题与正文同号）", None)
    margins: PageMargins | None = F("页边距", "上下左右页边距（毫米）；不填则按 GB/T 9704（上37、下35、左28、右26）", None)
    line_spacing: float = F("行距", "行距倍数，如 1.5", 1.5, ge=1.0, le=3.0)
    page_numbers: bool = F("页码", "是否允许在页脚打印页码（第 X 页 共 Y 页）", True)
    cover_text: str | None = F("封面文字", "招标文件规定的暗标封面文字，如 技术标（暗标）；不填则封面只印项目名称、编号和文件名称", None)


class Bid(Node):
    title: str = F("文件名称", "文件标题", "售后服务方案", min_length=1)
    project: ProjectIdentity = F("项目", "项目名称、编号、包号、采购人和代理机构")
    policy: str = Text("基础政策", "本投标依据的服务政策（policies/ 下的文件名，不含 .yaml）")
    bid_date: DateValue = F("投标日期", "投标文件落款日期（承诺函日期），如 2026年12月8日")
    deadline: DateValue = F("投标截止日期", "招标文件规定的投标截止日期，如 2026年12月10日")
    validity: DurationValue = F("投标有效期", "投标有效期，如 90日")
    overrides: dict[str, Any] = F("覆盖", "本次投标在基础政策上加强或修改的内容，结构与服务政策相同", default_factory=dict)
    requirements: list[Requirement] = F("招标要求", "招标文件中与售后服务有关的条款（★/▲）", default_factory=list)
    scoring: list[ScoringItem] = F("评分项", "评分办法中与售后服务有关的评分项", default_factory=list)
    amounts: list[Amount] = F("金额", "承诺函中出现的金额", default_factory=list)
    letter: Letter = F("承诺函", "承诺函的补充内容", default_factory=Letter)
    commitments: list[str] = F("其他承诺", "本项目的其他文字承诺（其中的数字会与数据核对）", default_factory=list)
    anonymous: bool = F("暗标", "技术标是否按暗标制作：为 true 时售后服务方案不出现公司名称、标志、公章、热线、地址、人员姓名等任何身份信息，承诺函另行生成（售后服务承诺函.pdf，放商务标）", False)
    anonymous_format: AnonymousFormat | None = F("暗标格式", "招标文件规定的暗标格式：字体、字号、页边距、行距、页码、封面文字；不填按默认（宋体小四、黑体标题、1.5 倍行距）", None)


class BidFile(Node):
    bid: Bid = F("投标", "一次投标的售后服务响应（保密，不发布到网站）")
    waivers: list[Waiver] = F("规则豁免", "逐处豁免某条规则（必须写明理由）", default_factory=list)

