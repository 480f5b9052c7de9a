"""What 本市, 省内 and 省外 mean for one company, in places a customer knows.

Policies promise times per tier (本市/省内/省外, relative to the company's
home). A customer in 上海 cannot know which tier is theirs, so every page that
shows a tier says what it means, and the site lets the customer pick a
province or city. The meaning comes from ``company.service_areas``; without
it, 本市 is the company's city, 省内 its province, 省外 everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import geo
from .model import REGIONS, Company


@dataclass(frozen=True)
class Area:
    region: str
    cities: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Areas:
    """The three tiers of one company, resolved."""

    home_city: str
    home_province: str
    tiers: dict[str, Area] = field(default_factory=dict)

    def describe(self, region: str) -> str:
        """杭州市（含所辖区、县、市） — the place behind a tier."""
        area = self.tiers.get(region)
        return area.description if area else ""

    def label(self, region: str) -> str:
        """本市（杭州市） — a tier with what it means."""
        text = self.describe(region)
        return f"{region}（{text}）" if text else region

    def region_of(self, province: str, city: str | None = None) -> str:
        """The tier of a place: a listed city wins over a listed province;
        a place listed nowhere is 省外."""
        if city:
            for region in REGIONS:
                if city in self.tiers[region].cities:
                    return region
        for region in REGIONS:
            if province in self.tiers[region].provinces:
                return region
        return "省外"


def _default_description(region: str, area: Area, home_city: str, home_province: str) -> str:
    if region == "本市":
        return "、".join(area.cities + area.provinces) or home_city
    if region == "省内":
        places = "、".join(area.provinces + area.cities) or home_province
        return f"{places}内{home_city}以外的地区" if home_province in area.provinces else places
    listed = "、".join(area.provinces + area.cities)
    return listed or f"{home_province}以外的地区"


def areas(company: Company) -> Areas:
    """The company's tiers, filled in from its home where the data is silent."""
    given = {a.region: a for a in company.service_areas}
    defaults = {"本市": ((company.city,), ()), "省内": ((), (company.province,)), "省外": ((), ())}
    tiers = {}
    for region in REGIONS:
        src = given.get(region)
        cities, provinces = (tuple(src.cities), tuple(src.provinces)) if src and (src.cities or src.provinces) else defaults[region]
        area = Area(region, cities, provinces)
        description = (src.description if src and src.description else None) or _default_description(region, area, company.city, company.province)
        tiers[region] = Area(region, cities, provinces, description)
    return Areas(company.city, company.province, tiers)


def picker_data(company: Company) -> dict[str, Any]:
    """What the region picker needs: each province's tier, and for a
    province whose cities differ (the home province) the tier of each city
    the package knows; plus each tier's label."""
    a = areas(company)
    provinces = []
    for province in _provinces(company):
        tier = a.region_of(province)
        cities = [{"city": c, "region": a.region_of(province, c)} for c in _cities(company, province)]
        split = any(c["region"] != tier for c in cities)
        provinces.append({"province": province, "region": tier, "cities": cities if split else []})
    return {"labels": {r: a.label(r) for r in REGIONS}, "provinces": provinces}


def _provinces(company: Company) -> list[str]:
    """Every province of the national list, plus any the data names that
    the list does not know (spelt as the company spells it)."""
    named = [company.province, *(o.province for o in company.outlets), *(p for a in company.service_areas for p in a.provinces)]
    return list(geo.PROVINCES) + [p for p in dict.fromkeys(named) if p not in geo.PROVINCES]


def _cities(company: Company, province: str) -> list[str]:
    named = [company.city] if company.province == province else []
    named += [o.city for o in company.outlets if o.province == province]
    named += [c for a in company.service_areas for c in a.cities if _province_of(company, c) == province]
    return list(dict.fromkeys(geo.cities_of(province) + named))


def _province_of(company: Company, city: str) -> str | None:
    for name, province, _, _ in geo.CITIES:
        if name == city:
            return province
    if city == company.city:
        return company.province
    return next((o.province for o in company.outlets if o.city == city), None)
