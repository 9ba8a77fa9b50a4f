//! Time and ids, read from the browser so the domain never has to.

/// The current time as RFC 3339 in UTC with milliseconds (`2026-03-01T10:00:00.000Z`).
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Milliseconds since the page (or worker) started, for measuring; 0 where there is no clock.
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let performance = js_sys::Reflect::get(&global, &"performance".into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    js_sys::Reflect::get(&performance, &"now".into())
        .ok()
        .and_then(|now| now.dyn_into::<js_sys::Function>().ok())
        .and_then(|now| now.call0(&performance).ok())
        .and_then(|value| value.as_f64())
        .unwrap_or(0.0)
}

/// A new id unique across tabs and reloads: time in ms + 64 random bits from `crypto`.
pub fn new_id(prefix: &str) -> String {
    let mut random = [0u8; 8];
    if getrandom::fill(&mut random).is_err() {
        for byte in random.iter_mut() {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let millis = js_sys::Date::now() as u64;
    let mut id = format!("{prefix}-{millis:012x}-");
    for byte in random {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// Records a User Timing mark (`performance.mark`), which tests and benchmarks read to time the
/// app's milestones from navigation; nothing where there is no `performance`.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}
