//! Place-name checks the person builder needs (`Hà Giang` is not a person).

use crate::gazetteer::Gazetteer;

/// Whether `name` is a province or district name in the gazetteer.
pub fn is_place_name(name: &str) -> bool {
    let Ok(g) = Gazetteer::embedded() else { return false };
    g.province_by_name(name).is_some() || !g.districts_named(name).is_empty()
}
