//! Native benchmark (criterion); see BENCHMARKS.md.
fn main() {}
