//! Numbers, money and dates the way Vietnamese government prose writes them.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::Rng;

/// `1234567` -> `1.234.567` (dot groups thousands).
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

const WORDS: [&str; 11] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
];

/// A quantity in one of the written forms: `12`, `05`, `1.200`, `hai`.
pub(crate) fn quantity<R: Rng>(rng: &mut R, n: u64) -> String {
    let roll: f64 = rng.gen();
    match n {
        1..=10 if roll < 0.15 => WORDS[n as usize].to_string(),
        1..=9 if roll < 0.35 => format!("0{n}"),
        _ => grouped(n),
    }
}

/// A money amount as written, and its value in the currency's unit.
pub(crate) struct Amount {
    pub text: String,
    pub value: u64,
    pub currency: &'static str,
}

/// Random amount in one of the forms of FACTS.md: `1.500.000 đồng`,
/// `1,5 tỷ đồng`, `80 triệu đồng`, `500 nghìn đồng`, `80tr`, `VNĐ`, `USD`.
pub(crate) fn amount<R: Rng>(rng: &mut R) -> Amount {
    let dong = |text: String, value: u64| Amount {
        text,
        value,
        currency: "VND",
    };
    match rng.gen_range(0..100) {
        0..=24 => {
            let value = rng.gen_range(50..50_000u64) * 1000;
            let unit = ["đồng", "đồng", "đồng", "đ", "VNĐ"][rng.gen_range(0..5)];
            // `34.804.000đ` is written glued too, but the normalizer splits it;
            // the corpus holds normalized text so its offsets stay exact.
            dong(format!("{} {unit}", grouped(value)), value)
        }
        25..=49 => {
            let m = rng.gen_range(1..1000u64);
            dong(format!("{m} triệu đồng"), m * 1_000_000)
        }
        50..=59 => {
            let (whole, frac) = (rng.gen_range(1..100u64), rng.gen_range(1..10u64));
            dong(
                format!("{whole},{frac} triệu đồng"),
                whole * 1_000_000 + frac * 100_000,
            )
        }
        60..=74 => {
            let word = if rng.gen_bool(0.8) { "tỷ" } else { "tỉ" };
            let whole = rng.gen_range(1..30u64);
            if rng.gen_bool(0.5) {
                dong(format!("{whole} {word} đồng"), whole * 1_000_000_000)
            } else {
                let (frac, digits) = if rng.gen_bool(0.7) {
                    (rng.gen_range(1..10u64), 1)
                } else {
                    (rng.gen_range(11..100u64), 2)
                };
                let value = whole * 1_000_000_000
                    + frac * if digits == 1 { 100_000_000 } else { 10_000_000 };
                let frac_text = if digits == 1 {
                    frac.to_string()
                } else {
                    format!("{frac:02}")
                };
                dong(format!("{whole},{frac_text} {word} đồng"), value)
            }
        }
        75..=84 => {
            let k = rng.gen_range(1..10u64) * 100 + [0, 50][rng.gen_range(0..2)];
            let word = if rng.gen_bool(0.7) { "nghìn" } else { "ngàn" };
            dong(format!("{k} {word} đồng"), k * 1000)
        }
        85..=90 => {
            let m = rng.gen_range(1_000..900_000u64);
            dong(format!("{} triệu đồng", grouped(m)), m * 1_000_000)
        }
        91..=94 => {
            let m = rng.gen_range(5..200u64);
            dong(format!("{m}tr"), m * 1_000_000)
        }
        _ => {
            let value = rng.gen_range(1..500u64) * 1000;
            Amount {
                text: format!("{} USD", grouped(value)),
                value,
                currency: "USD",
            }
        }
    }
}

/// A per-unit rate: `150.000 đồng` (the caller appends `/người`).
pub(crate) fn rate<R: Rng>(rng: &mut R) -> Amount {
    let value = rng.gen_range(2..100u64) * 10_000;
    let unit = ["đồng", "đồng", "đ"][rng.gen_range(0..3)];
    Amount {
        text: format!("{} {unit}", grouped(value)),
        value,
        currency: "VND",
    }
}

/// `12/3/2024`, `12/03/2024` or `12 tháng 3 năm 2024`.
pub(crate) fn date<R: Rng>(rng: &mut R, d: NaiveDate) -> String {
    match rng.gen_range(0..10) {
        0..=4 => format!("{}/{}/{}", d.day(), d.month(), d.year()),
        5..=8 => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        _ => format!("{} tháng {} năm {}", d.day(), d.month(), d.year()),
    }
}

/// `Thứ Hai` … `Chủ Nhật`.
pub(crate) fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(1500), "1.500");
        assert_eq!(grouped(1_500_000), "1.500.000");
        assert_eq!(grouped(830_140), "830.140");
    }

    #[test]
    fn amounts_agree_with_their_text() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..2000 {
            let a = amount(&mut rng);
            let t = a.text.as_str();
            // Independent re-reading of the text: digits, comma decimal, scale word.
            let num: String = t
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .collect();
            let (int, frac) = num.split_once(',').unwrap_or((num.as_str(), ""));
            let int: f64 = int.replace('.', "").parse().unwrap_or(f64::NAN);
            let frac: f64 = if frac.is_empty() {
                0.0
            } else {
                format!("0.{frac}").parse().unwrap_or(f64::NAN)
            };
            let scale = if t.contains("tỷ") || t.contains("tỉ") {
                1e9
            } else if t.contains("triệu") || t.ends_with("tr") {
                1e6
            } else if t.contains("nghìn") || t.contains("ngàn") {
                1e3
            } else {
                1.0
            };
            assert_eq!(((int + frac) * scale).round() as u64, a.value, "{t}");
        }
    }
}
