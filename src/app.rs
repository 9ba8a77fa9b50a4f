//! (being written)
pub fn start() {}
