//! Duplicate articles: exact (hash of normalized text) and near (64-bit
//! SimHash over word 3-shingles, Hamming distance ≤ 3).
//!
//! The same press release is republished by the province, its departments
//! and its districts with different chrome, a changed byline or one extra
//! sentence; SimHash catches those. Lookup uses the pigeonhole trick: two
//! hashes within distance 3 agree on at least one of four 16-bit bands, so
//! only articles sharing a band are compared.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// Maximum Hamming distance for a near-duplicate.
pub const NEAR_DISTANCE: u32 = 3;
/// Texts with fewer shingles are only matched exactly (SimHash is noisy on them).
const MIN_SHINGLES: usize = 20;

/// Lines shorter than this many words (bylines, dates, "Theo ..." credits)
/// are left out of the comparison: republishers change exactly those.
const MIN_LINE_WORDS: usize = 6;

fn line_words(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// Lower-case words (letters and digits) of the text's body lines, the unit
/// of comparison.
fn words(text: &str) -> Vec<String> {
    let body: Vec<String> = text
        .lines()
        .map(|l| line_words(l).collect::<Vec<_>>())
        .filter(|w| w.len() >= MIN_LINE_WORDS)
        .flatten()
        .collect();
    if body.is_empty() {
        line_words(text).collect()
    } else {
        body
    }
}

/// Hash of the normalized text (case, punctuation and spacing ignored), hex.
pub fn content_hash(text: &str) -> String {
    let mut h = Sha256::new();
    for w in words(text) {
        h.update(w.as_bytes());
        h.update(b" ");
    }
    crate::warc::hex(&h.finalize()[..16])
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Final avalanche (splitmix64) so nearby inputs spread over all bits.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// SimHash of the text's word 3-shingles; `None` when the text is too short.
pub fn simhash(text: &str) -> Option<u64> {
    let w = words(text);
    if w.len() < MIN_SHINGLES + 2 {
        return None;
    }
    let mut counts = [0i32; 64];
    for s in w.windows(3) {
        let h = fnv1a(s.join(" ").as_bytes());
        for (bit, c) in counts.iter_mut().enumerate() {
            *c += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    Some(counts.iter().enumerate().fold(
        0u64,
        |acc, (bit, c)| if *c > 0 { acc | 1 << bit } else { acc },
    ))
}

/// How an article matched one already kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Exact { url: String },
    Near { url: String, distance: u32 },
}

impl Match {
    pub fn url(&self) -> &str {
        match self {
            Match::Exact { url } | Match::Near { url, .. } => url,
        }
    }
}

/// Kept articles, by URL, hash and SimHash bands.
#[derive(Default)]
pub struct DedupIndex {
    urls: HashMap<String, ()>,
    by_hash: HashMap<String, String>,
    simhashes: Vec<(u64, String)>,
    bands: HashMap<(u8, u16), Vec<usize>>,
}

impl DedupIndex {
    pub fn contains_url(&self, url: &str) -> bool {
        self.urls.contains_key(url)
    }

    pub fn len(&self) -> usize {
        self.urls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
    }

    /// Find a kept article this text duplicates.
    pub fn find(&self, hash: &str, sim: Option<u64>) -> Option<Match> {
        if let Some(url) = self.by_hash.get(hash) {
            return Some(Match::Exact { url: url.clone() });
        }
        let sim = sim?;
        let mut best: Option<(u32, usize)> = None;
        for band in 0..4u8 {
            let key = (band, (sim >> (16 * band)) as u16);
            for &i in self.bands.get(&key).into_iter().flatten() {
                let d = (self.simhashes[i].0 ^ sim).count_ones();
                if d <= NEAR_DISTANCE && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, i));
                }
            }
        }
        best.map(|(distance, i)| Match::Near {
            url: self.simhashes[i].1.clone(),
            distance,
        })
    }

    /// Record a kept article.
    pub fn insert(&mut self, url: &str, hash: &str, sim: Option<u64>) {
        self.urls.insert(url.to_string(), ());
        self.by_hash
            .entry(hash.to_string())
            .or_insert_with(|| url.to_string());
        if let Some(sim) = sim {
            let i = self.simhashes.len();
            self.simhashes.push((sim, url.to_string()));
            for band in 0..4u8 {
                self.bands
                    .entry((band, (sim >> (16 * band)) as u16))
                    .or_default()
                    .push(i);
            }
        }
    }

    /// Record a URL seen as a copy (so a replay does not store it again).
    pub fn insert_copy_url(&mut self, url: &str) {
        self.urls.insert(url.to_string(), ());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Ngày 07/01, UBND quận Hoàn Kiếm ban hành Kế hoạch số 08/KH-UBND về triển khai thực hiện công tác \
        Bình đẳng giới và hoạt động Vì sự tiến bộ của Phụ nữ quận năm 2020. Kế hoạch nhằm nâng cao nhận thức, \
        thay đổi hành vi về bình đẳng giới trong cán bộ, công chức, viên chức và nhân dân trên địa bàn quận; \
        phấn đấu thu hẹp khoảng cách giới, nâng cao vị thế của phụ nữ trong các lĩnh vực chính trị, kinh tế, \
        văn hóa, xã hội, góp phần thực hiện thành công mục tiêu bình đẳng giới giai đoạn 2011 - 2020 của quận.";

    #[test]
    fn exact_ignores_spacing_and_case() {
        assert_eq!(
            content_hash("Xin  chào, Hà Nội!"),
            content_hash("xin chào hà nội")
        );
        assert_ne!(content_hash("a b"), content_hash("a c"));
    }

    #[test]
    fn near_duplicates_found_unrelated_not() {
        let mut idx = DedupIndex::default();
        idx.insert("u1", &content_hash(TEXT), simhash(TEXT));
        let edited = format!("{TEXT} (Nguồn: HNP)");
        let got = idx.find(&content_hash(&edited), simhash(&edited));
        assert!(
            matches!(got, Some(Match::Near { ref url, distance }) if url == "u1" && distance <= NEAR_DISTANCE),
            "{got:?}"
        );
        let other = "Sáng nay, Sở Giáo dục và Đào tạo tỉnh tổ chức hội nghị tổng kết năm học 2023 - 2024, triển khai \
            nhiệm vụ năm học mới với nhiều giải pháp đổi mới phương pháp dạy học, tăng cường ứng dụng công nghệ thông tin \
            và chuyển đổi số trong quản lý giáo dục, nâng cao chất lượng đội ngũ giáo viên ở vùng sâu vùng xa.";
        assert_eq!(idx.find(&content_hash(other), simhash(other)), None);
        assert!(matches!(
            idx.find(&content_hash(TEXT), None),
            Some(Match::Exact { .. })
        ));
    }
}
