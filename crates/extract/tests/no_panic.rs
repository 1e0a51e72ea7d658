//! Any text goes through the whole pipeline without a panic: pieces of what
//! the rules look for (numbers, symbols, titles, dashes, place names) run
//! together with odd whitespace, marks and case-changing chars, which is how
//! a slice inside a three-byte dash was once found.

use proptest::prelude::*;
use vnfacts_extract::pipeline::{self, Input};
use vnfacts_extract::Extractor;

fn extractor() -> &'static Extractor {
    static EX: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    EX.get_or_init(|| Extractor::embedded().expect("embedded rules load"))
}

const PIECES: &[&str] = &[
    "Hà Nội",
    "HUYỆN",
    "huyện Văn Bàn",
    "tp.",
    "TP.Huế",
    "Quận 1",
    "ông",
    "Bà",
    "đồng chí",
    "đ/c",
    "Nguyễn Văn An",
    "Phó Chủ tịch UBND tỉnh",
    "3608/QĐ-UBND",
    "29-NQ/TW",
    "Luật Bình đẳng giới",
    "ngày 5/3/2024",
    "ngày",
    "tháng",
    "năm 2024",
    "1.500.000 đồng",
    "1,5 tỷ đồng",
    "80tr",
    "500 nghìn",
    "VNĐ",
    "17/22",
    "79,4%",
    "%",
    "từ",
    "đến",
    "giai đoạn 2021-2025",
    "12 lớp tập huấn",
    "hội nghị",
    "người",
    "lượt",
    "khoảng",
    "trên",
    "Kế hoạch số 68/KH-UBND",
    "của",
    "về việc",
    "ban hành",
    "Tổng truy cập",
    "Các tin khác",
    "Tin, ảnh:",
    "KHÁNH LINH",
    "baolaocai.vn",
    "Σ",
    "ς",
    "İ",
    "ẞ",
    "😀",
    "\u{301}",
    "\u{a0}",
    "\u{2003}",
    "“",
    "”",
    "…",
    "–",
    "—",
    "-",
    ".",
    ",",
    ";",
    ":",
    "(",
    ")",
    "/",
    "\n",
    "\t",
    " ",
    "2",
    "33người",
    "ỹ",
    "Ỹ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_mix_of_rule_pieces_extracts_without_panic(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..120)
    ) {
        let input = Input {
            name: "fuzz".into(),
            url: None,
            text: pieces.concat(),
            known: Default::default(),
        };
        let out = pipeline::process(extractor(), input, true, true);
        for f in &out.article.facts {
            let text = out.article.text.as_deref().unwrap_or_default();
            prop_assert!(text.get(f.start..f.end).is_some());
        }
    }
}
