"""English dealership words → the Chinese a note would use, so "Sent the loan plan to Mr. Wang"
can keep the promise "答应王总明天把贷款方案发给他" (promise and report in different languages)."""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    "loan": "贷款", "finance": "金融", "financing": "金融", "plan": "方案", "proposal": "方案",
    "quote": "报价", "quotation": "报价", "price": "价格", "offer": "优惠", "discount": "优惠",
    "call": "电话", "called": "电话", "phone": "电话", "comparison": "对比", "compare": "对比",
    "contract": "合同", "test drive": "试驾", "test-drive": "试驾", "delivery": "交车",
    "deliver": "交车", "insurance": "保险", "trade-in": "置换", "trade in": "置换",
    "down payment": "首付", "deposit": "定金", "invoice": "发票", "registration": "上牌",
    "plate": "上牌", "license plate": "上牌", "brochure": "资料", "configuration": "配置",
    "spec": "配置", "specs": "配置", "order": "订单", "visit": "回访", "follow up": "跟进",
    "follow-up": "跟进", "appointment": "预约", "stock": "库存", "inventory": "库存",
    "subsidy": "补贴", "maintenance": "保养", "warranty": "质保", "gift": "赠品",
    "wechat": "微信", "message": "微信", "send": "发", "sent": "发", "email": "发",
}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, GLOSSARY), key=len, reverse=True))
                      + r")\b", re.IGNORECASE)


def sinicise(text: str) -> str:
    """Replace the glossary's English words with their Chinese terms (others are kept)."""
    return _PATTERN.sub(lambda m: GLOSSARY[m.group(1).lower()], text)
