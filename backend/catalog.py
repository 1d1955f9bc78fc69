"""Enterprise types, seal types and the principal rule: the one place that knows them."""

ENTERPRISE_TYPES = {
    "llc": "有限责任公司",
    "joint_stock": "股份有限公司",
    "sole": "个人独资企业",
    "partnership": "合伙企业",
    "branch": "分公司",
}

# Who answers for the enterprise, by type (法定代表人 unless a partnership or a branch).
_PRINCIPAL_ROLE = {"partnership": "执行事务合伙人", "branch": "负责人"}
_DEFAULT_ROLE = "法定代表人"


def principal_role(enterprise_type):
    """法定代表人 / 执行事务合伙人 / 负责人, by enterprise type."""
    return _PRINCIPAL_ROLE.get(enterprise_type, _DEFAULT_ROLE)


# Ordered as the 刻章信息 step lists them; 公章 is always carved.
SEAL_TYPES = {
    "official": "公章",
    "finance": "财务专用章",
    "invoice": "发票专用章",
    "contract": "合同专用章",
    "personal": None,  # named after the principal's role, see seal_label
}
REQUIRED_SEALS = ("official",)


def seal_label(seal_type, enterprise_type):
    if seal_type == "personal":
        return principal_role(enterprise_type) + "名章"
    return SEAL_TYPES[seal_type]


# 印章类型 as the filing system names the kinds
SEAL_KINDS = {
    "official": "法定名称章",
    "finance": "财务专用章",
    "invoice": "发票专用章",
    "contract": "合同专用章",
    "personal": "个人名章",
}

SEAL_STATUSES = {
    "pending": "待刻制",
    "carved": "已刻制",
    "filed": "已备案",
    "suspended": "已停用",
    "revoked": "已注销",
}

SEAL_EVENTS = {
    "apply": "申请",
    "carve": "刻制完成",
    "file": "备案完成",
    "download": "下载",
    "delete": "删除",
    "change": "变更",
    "revoke": "注销",
    "suspend": "停用",
    "resume": "恢复",
    "lost": "挂失",
    "rename": "更名",
    "grant": "授权使用",
    "grant_revoked": "撤销授权",
}

GIFTS = {"licence": "电子营业执照", "eseal": "电子印章", "einvoice": "电子发票"}

STARTUP_STATUSES = {"submitted": "审核中", "completed": "已办结"}
