//! Place-name checks the person builder needs (`Hà Giang` is not a person).

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::gazetteer::Gazetteer;

/// Whether `name` is a province or district name in the gazetteer, with its
/// diacritics: lookups fold them away, but `Bình Đinh` is a name, not Bình Định.
/// District lookups go through an explicit type word, because a bare folded
/// name can read as one (`Quan Sơn` would fold to `quận Sơn`).
///
/// The person builders ask this for every name they try (up to nine times a
/// title), so the answers are computed once: [`lookup`] depends only on the
/// lower case of its input and is true only for the lower case of some
/// gazetteer name, so it is evaluated on each gazetteer name up front.
pub fn is_place_name(name: &str) -> bool {
    static NAMES: OnceLock<FxHashSet<String>> = OnceLock::new();
    NAMES
        .get_or_init(place_names)
        .contains(&vnfacts_text::lowercase(name))
}

fn place_names() -> FxHashSet<String> {
    let Ok(g) = Gazetteer::embedded() else {
        return FxHashSet::default();
    };
    let provinces = g.provinces().iter().map(|p| p.name.as_str());
    let districts = g.districts().iter().map(|d| d.name.as_str());
    provinces
        .chain(districts)
        .filter(|n| lookup(g, n))
        .map(vnfacts_text::lowercase)
        .collect()
}

/// The gazetteer lookups behind [`is_place_name`].
fn lookup(g: &Gazetteer, name: &str) -> bool {
    let want = vnfacts_text::lowercase(name);
    let same = |n: &str| vnfacts_text::lowercase(n) == want;
    if g.province_by_name(name).is_some_and(|p| same(&p.name)) {
        return true;
    }
    ["huyện", "quận", "thị xã", "thành phố"].iter().any(|kind| {
        g.districts_named(&format!("{kind} {name}"))
            .iter()
            .any(|d| same(&d.name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_keep_their_diacritics_and_ignore_case() {
        for place in ["Hà Giang", "HÀ GIANG", "lâm đồng", "Văn Bàn", "Hoàn Kiếm"] {
            assert!(is_place_name(place), "{place}");
        }
        for not in ["Bình Đinh", "Nguyễn Văn An", "Quan Sơn Hà", ""] {
            assert!(!is_place_name(not), "{not}");
        }
    }

    proptest::proptest! {
        /// The precomputed set answers as the lookups do, on gazetteer names
        /// in any case and with diacritics dropped or swapped.
        #[test]
        fn set_agrees_with_the_lookups(i in 0usize..2000, variant in 0u8..4) {
            let g = Gazetteer::embedded().unwrap();
            let names: Vec<&str> = g.provinces().iter().map(|p| p.name.as_str())
                .chain(g.districts().iter().map(|d| d.name.as_str()))
                .collect();
            let name = names[i % names.len()];
            let probe = match variant {
                0 => name.to_string(),
                1 => name.to_uppercase(),
                2 => vnfacts_text::fold(name),
                _ => name.replace('a', "á").replace('ơ', "o"),
            };
            proptest::prop_assert_eq!(is_place_name(&probe), lookup(g, &probe));
        }
    }
}
