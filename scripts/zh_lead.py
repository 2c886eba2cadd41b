"""Chinese translations for the core apps' catalogues (run once after makemessages)."""
import sys
from pathlib import Path

import polib

ZH = {
    "Hotline": "热线", "Service centre": "热线服务中心", "City": "市", "District": "区县", "Street office": "街道（乡镇）",
    "Community": "社区（村）", "Grid": "网格", "Line department": "职能部门", "Public utility": "公共事业单位",
    "Partner provider": "加盟企业", "Volunteer team": "志愿者队伍", "Mediation organisation": "调解组织",
    "External platform": "外部平台", "Call-centre agent": "话务员", "Dispatcher": "派单员", "Handler": "承办人",
    "Unit leader": "单位负责人", "Grid inspector": "网格员", "Supervisor": "督办员", "Leader": "领导",
    "Auditor": "审计员", "Administrator": "管理员", "name": "名称", "short name": "简称", "code": "编码",
    "kind": "类型", "parent": "上级", "aliases": "别名",
    "Other names people use for this place or unit, separated by commas.": "群众对该地点或单位的其他叫法，以逗号分隔。",
    "duty phone": "值班电话", "active": "启用", "unit": "单位", "units": "单位", "display name": "显示名",
    "role": "角色", "mobile": "手机", "staff member": "工作人员", "staff": "工作人员", "API token": "API 令牌",
    "API tokens": "API 令牌", "level": "层级", "difficulty weight": "难度系数",
    "Used by assessment: harder matters count for more.": "用于考核：越难的事项权重越高。",
    "category": "分类", "categories": "分类", "Applies to this category and everything under it.": "适用于该分类及其全部下级分类。",
    "case type": "诉求类型", "urgency": "紧急程度", "sign for within (working hours)": "签收时限（工作小时）",
    "sign for within (minutes, clock time)": "签收时限（自然分钟）", "reply within (working days)": "办结时限（工作日）",
    "reply within (minutes, clock time)": "办结时限（自然分钟）", "note": "备注", "time limit rule": "时限规则",
    "time limit rules": "时限规则", "Give a sign-for limit in working hours or in minutes.": "请填写签收时限（工作小时或分钟）。",
    "Give a reply limit in working days or in minutes.": "请填写办结时限（工作日或分钟）。",
    "A named unit (line department, utility...)": "指定单位（职能部门、公共事业单位等）",
    "The street of the place (territorial matter)": "属地街道（属地事项）", "territory": "属地",
    "Only for cases located in this district or street.": "仅适用于发生在该区县或街道的工单。", "lead": "主办",
    "lead unit": "主办单位", "co-handlers": "协办单位", "priority": "优先级", "legal basis": "法律依据",
    "responsibility rule": "派单规则", "responsibility rules": "派单目录", "A unit rule needs a lead unit.": "指定单位规则须填写主办单位。",
    "No holiday schedule for %(years)s: deadlines there count weekends only. Enter the official holidays and make-up days.":
        "%(years)s 年尚无节假日安排：涉及该年的时限仅按周末计算。请录入法定节假日和调休工作日。",
    "Day off (holiday, typhoon day...)": "休息日（节假日、台风停工等）", "Working day (make-up day 调休)": "工作日（调休上班）",
    "date": "日期", "calendar day": "日历日", "calendar days": "工作日历",
    "Phone 12345": "12345热线电话", "Web portal": "网站", "Mobile app / mini-program": "App／小程序",
    "Leader's mailbox": "领导信箱", "Online opinion": "网络舆情", "Transfer from 110": "110转办", "Open311": "Open311",
    "Other platform": "其他平台", "API": "接口", "Consultation": "咨询", "Request for help": "求助", "Complaint": "投诉",
    "Report": "举报", "Suggestion": "建议", "Praise": "表扬", "Emergency": "紧急（应急）", "Urgent": "加急",
    "Normal": "一般", "Registered": "已受理", "Dispatched": "已派单", "Handling": "办理中", "Returned": "已退回",
    "Replied": "已答复", "Closed": "已办结", "Merged": "已合并", "Lead": "主办", "Co-handler": "协办",
    "Waiting to be signed for": "待签收", "Signed for": "已签收", "Cancelled": "已撤销", "Satisfied": "满意",
    "Basically satisfied": "基本满意", "Unsatisfied": "不满意", "Unreachable": "联系不上",
    "Not within our responsibilities": "不属于本单位职责", "Not within our territory": "不属于本辖区",
    "Information insufficient to act": "信息不全无法办理", "Duplicate of another case": "与其他工单重复", "Other": "其他",
    "Return justified": "退回理由成立", "Return unjustified": "退回理由不成立", "The request is invalid.": "请求无效。",
    "No such case.": "工单不存在。", "You may not do this.": "您无权执行此操作。",
    "This action is not allowed in the case's current state.": "工单当前状态下不能执行此操作。",
    "The case was changed by someone else; reload it and try again.": "工单已被他人修改，请刷新后重试。",
    "case number": "工单编号", "query code": "查询码", "channel": "渠道", "type": "类型", "title": "标题",
    "content": "内容", "address": "地址", "district": "区县", "street": "街道", "community": "社区",
    "latitude": "纬度", "longitude": "经度", "citizen name": "市民姓名", "citizen phone": "市民电话",
    "ID number": "身份证号", "anonymous": "匿名", "confidential": "保密", "personal data purged at": "个人信息清除时间",
    "status": "状态", "sign for by": "签收期限", "reply by": "办结期限",
    "The deadline crosses a year without a holiday schedule.": "时限跨入尚未录入节假日安排的年份。",
    "registered at": "受理时间", "replied at": "答复时间", "closed at": "办结时间", "resolved": "是否解决",
    "satisfaction": "满意度", "case": "工单", "cases": "工单", "instructions": "派单意见", "assignment": "派单",
    "assignments": "派单", "Pending": "待审批", "Approved": "已批准", "Refused": "已驳回", "working days": "工作日",
    "reason": "理由", "extension request": "延期申请", "extension requests": "延期申请", "case event": "工单事件",
    "case events": "工单事件", "attachment": "附件", "attachments": "附件", "Unknown value.": "取值无效。",
    "This field is required.": "此项为必填项。", "Unknown action.": "未知操作。",
    "This case is not assigned to your unit.": "该工单未派给您的单位。", "No such unit.": "单位不存在。",
    "Cases cannot be dispatched to this kind of unit.": "不能向此类单位派单。", "Must be text.": "必须是文本。",
    "Too long.": "内容过长。", "Choose a lead unit.": "请选择主办单位。", "Must be a list of units.": "必须是单位列表。",
    "Your unit has already signed for this case.": "本单位已签收该工单。",
    "Choose a reason for returning the case.": "请选择退回理由。", "Choose a ruling.": "请选择裁定结果。",
    "Sign for the case first.": "请先签收工单。",
    "An extension request is already waiting for a decision.": "已有待审批的延期申请。",
    "Give a whole number of working days from 1 to 30.": "请填写 1 至 30 之间的整数工作日。",
    "There is no extension request to decide.": "没有待审批的延期申请。", "Choose a satisfaction level.": "请选择满意度。",
    "Say whether the problem was resolved.": "请说明问题是否已解决。", "No such case to merge into.": "要合并到的工单不存在。",
    "A case can only be merged into another open case.": "只能合并到另一个未办结的工单。",
    "This case was not transferred to that platform.": "该工单未转至该平台。",
    "No category: the centre dispatches by hand.": "未选择分类：由中心人工派单。",
    "No responsibility rule covers %(category)s.": "派单目录未覆盖“%(category)s”。",
    "%(category)s is a territorial matter: give the district and street.": "“%(category)s”属于属地事项：请填写区县和街道。",
    "%(category)s is a territorial matter: the street of the place handles it.": "“%(category)s”属于属地事项：由所在街道办理。",
    "the whole city": "全市",
    "Dispatch catalogue: %(category)s in %(scope)s belongs to %(unit)s.": "派单目录：%(scope)s的“%(category)s”由%(unit)s办理。",
    "fields": "字段", "personal data reveal": "个人信息查看", "personal data reveals": "个人信息查看记录",
    "You may not see this citizen's details.": "您无权查看该市民的个人信息。",
    "Give a reason for seeing the citizen's details.": "请填写查看市民个人信息的理由。",
    "Created": "新增", "Updated": "修改", "Deleted": "删除", "Signed in": "登录", "Sign-in failed": "登录失败",
    "Signed out": "退出", "time": "时间", "actor": "操作人", "username": "用户名", "action": "操作",
    "object type": "对象类型", "object id": "对象编号", "object": "对象", "before": "修改前", "after": "修改后",
    "source address": "来源地址", "audit entry": "审计记录", "audit log": "审计日志", "authenticator": "身份验证器",
    "authenticators": "身份验证器", "Too many requests. Please wait a moment and try again.": "请求过于频繁，请稍后再试。",
    "Two-factor sign-in": "双因素登录", "Two-factor sign-in is on": "双因素登录已开启",
    "Enabled on %(at)s. Ask an administrator to reset it if you lose your phone.": "开启于 %(at)s。如手机丢失，请联系管理员重置。",
    "Turn on two-factor sign-in": "开启双因素登录",
    "Scan this code with an authenticator app, then enter the 6-digit code it shows.": "请用身份验证器 App 扫描此二维码，然后输入显示的 6 位验证码。",
    "Or enter this key by hand:": "或手动输入密钥：", "Code": "验证码", "Confirm": "确认",
    "Enter your authenticator code": "请输入身份验证器中的验证码", "Sign in": "登录",
    "Two-factor sign-in is on.": "双因素登录已开启。",
    "That code is not valid. Check the time on your phone and try again.": "验证码无效，请检查手机时间后重试。",
    "Simplified Chinese": "简体中文", "English": "English", "Hotline_": "",
}


def fill(path: Path) -> list[str]:
    po = polib.pofile(str(path))
    missing = []
    for entry in po:
        if entry.msgid in ZH:
            entry.msgstr = ZH[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    return missing


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        for msg in fill(Path(arg)):
            print(f"{arg}: missing {msg!r}")
