//! Place-name checks the person builder needs (`Hà Giang` is not a person).

use crate::gazetteer::Gazetteer;

/// Whether `name` is a province or district name in the gazetteer, with its
/// diacritics: lookups fold them away, but `Bình Đinh` is a name, not Bình Định.
/// District lookups go through an explicit type word, because a bare folded
/// name can read as one (`Quan Sơn` would fold to `quận Sơn`).
pub fn is_place_name(name: &str) -> bool {
    let Ok(g) = Gazetteer::embedded() else {
        return false;
    };
    let want = name.to_lowercase();
    let same = |n: &str| n.to_lowercase() == want;
    if g.province_by_name(name).is_some_and(|p| same(&p.name)) {
        return true;
    }
    ["huyện", "quận", "thị xã", "thành phố"].iter().any(|kind| {
        g.districts_named(&format!("{kind} {name}"))
            .iter()
            .any(|d| same(&d.name))
    })
}
