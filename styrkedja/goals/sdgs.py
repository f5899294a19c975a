"""The 17 goals of Agenda 2030, with their official Swedish short names."""

from __future__ import annotations

SDG_NAMES = {
    1: "Ingen fattigdom",
    2: "Ingen hunger",
    3: "Hälsa och välbefinnande",
    4: "God utbildning för alla",
    5: "Jämställdhet",
    6: "Rent vatten och sanitet för alla",
    7: "Hållbar energi för alla",
    8: "Anständiga arbetsvillkor och ekonomisk tillväxt",
    9: "Hållbar industri, innovationer och infrastruktur",
    10: "Minskad ojämlikhet",
    11: "Hållbara städer och samhällen",
    12: "Hållbar konsumtion och produktion",
    13: "Bekämpa klimatförändringarna",
    14: "Hav och marina resurser",
    15: "Ekosystem och biologisk mångfald",
    16: "Fredliga och inkluderande samhällen",
    17: "Genomförande och globalt partnerskap",
}
