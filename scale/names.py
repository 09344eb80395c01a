"""Vietnamese names drawn with real frequencies, for the synthetic city.

Family names: shares of the Vietnamese population (Lê Trung Hoa, "Họ và tên người Việt Nam", the
commonly cited distribution): Nguyễn ~38 %, Trần 11 %, Lê 9.5 %, Phạm 7 %, Hoàng/Huỳnh 5.1 %,
Phan 4.5 %, Vũ/Võ 3.9 %, Đặng 2.1 %, Bùi 2 %, Đỗ 1.4 %, Hồ 1.3 %, Ngô 1.3 %, Dương 1 %, Lý 0.5 %;
the rest is spread over less common names. Middle names are mostly "Thị" for women and "Văn" for
men; given names are the common ones of both genders."""

import itertools

FAMILY = [
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 3.1),
    ("Huỳnh", 2.0),
    ("Phan", 4.5),
    ("Vũ", 2.4),
    ("Võ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đào", 0.9),
    ("Đinh", 0.9),
    ("Mai", 0.7),
    ("Trịnh", 0.7),
    ("Lương", 0.6),
    ("Cao", 0.6),
    ("Tạ", 0.5),
    ("Lâm", 0.5),
    ("Hà", 0.5),
    ("Kiều", 0.3),
    ("Chu", 0.3),
    ("Tô", 0.3),
    ("Quách", 0.2),
    ("Phùng", 0.3),
]
MIDDLE_F = [
    ("Thị", 55),
    ("Thị Thu", 6),
    ("Thị Kim", 5),
    ("Thị Minh", 4),
    ("Ngọc", 8),
    ("Thanh", 7),
    ("Thu", 5),
    ("Hồng", 5),
    ("Phương", 5),
]
MIDDLE_M = [
    ("Văn", 45),
    ("Đức", 12),
    ("Minh", 10),
    ("Quang", 8),
    ("Hữu", 7),
    ("Xuân", 5),
    ("Công", 5),
    ("Thanh", 4),
    ("Ngọc", 4),
]
GIVEN_F = [
    "Anh",
    "Dung",
    "Hằng",
    "Lan",
    "Hương",
    "Thảo",
    "Trang",
    "Mai",
    "Ngọc",
    "Yến",
    "Hạnh",
    "Phương",
    "Linh",
    "Hà",
    "Huyền",
    "Nga",
    "Nhung",
    "Oanh",
    "Thủy",
    "Vân",
    "Loan",
    "Hoa",
    "Thơ",
    "Chi",
    "Giang",
    "Quỳnh",
]
GIVEN_M = [
    "Anh",
    "Bình",
    "Tuấn",
    "Hùng",
    "Dũng",
    "Thành",
    "Nam",
    "Long",
    "Quân",
    "Sơn",
    "Khánh",
    "Phúc",
    "Trung",
    "Hải",
    "Hiếu",
    "Cường",
    "Đạt",
    "Hòa",
    "Huy",
    "Kiên",
    "Mạnh",
    "Thắng",
    "Tùng",
    "Việt",
    "Vinh",
]


def _cumulative(pairs):
    names = [name for name, _w in pairs]
    weights = list(itertools.accumulate(weight for _n, weight in pairs))
    return names, weights


FAMILY_NAMES, FAMILY_WEIGHTS = _cumulative(FAMILY)
MIDDLE_F_NAMES, MIDDLE_F_WEIGHTS = _cumulative(MIDDLE_F)
MIDDLE_M_NAMES, MIDDLE_M_WEIGHTS = _cumulative(MIDDLE_M)


def person(rng, female):
    """A full name ("Nguyễn Thị Lan") drawn with the frequencies above."""
    family = rng.choices(FAMILY_NAMES, cum_weights=FAMILY_WEIGHTS)[0]
    if female:
        middle = rng.choices(MIDDLE_F_NAMES, cum_weights=MIDDLE_F_WEIGHTS)[0]
        given = rng.choice(GIVEN_F)
    else:
        middle = rng.choices(MIDDLE_M_NAMES, cum_weights=MIDDLE_M_WEIGHTS)[0]
        given = rng.choice(GIVEN_M)
    return f"{family} {middle} {given}"
