//! Legacy Vietnamese font encodings: TCVN3 (ABC), VNI, VIQR, VISCII.
