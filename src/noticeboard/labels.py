"""Chinese labels shown on pages for the schema's English field and enum names."""

from __future__ import annotations

KIND_LABELS = {
    "plan": "整改方案",
    "progress": "整改进展情况通报",
    "report": "整改情况报告",
    "publicity": "整改情况公示",
    "review": "对照检查材料",
}

STATUS_LABELS = {"draft": "草稿", "published": "已发布", "withdrawn": "已撤回", "scheduled": "定时发布"}

PROBLEM_STATUS_LABELS = {"done": "已完成", "in_progress": "推进中", "long_term": "长期坚持", "unstated": "未注明"}

FIELD_LABELS = {
    "issuer": "发布机构",
    "published": "发布日期",
    "updated": "更新日期",
    "kind": "类型",
    "doc_number": "文号",
    "index_code": "索引号",
    "inspection_type": "巡视/巡察",
    "round": "轮次",
    "feedback": "反馈时间",
    "progress": "整改进度",
}

CONTACT_LABELS = {
    "phones": "电话",
    "emails": "电子邮箱",
    "address": "通信地址",
    "postcode": "邮政编码",
    "person": "联系人",
    "hours": "受理时间",
}
