//! Abbreviations of Vietnamese government text (UBND, HĐND, LĐ-TB&XH, ...).
