//! The worker's wire (`engine::wire`) from damaged bytes: a kept case in IndexedDB, a prebuilt demo
//! served by someone else, a worker's answer. Reading must never panic nor reserve memory out of
//! proportion to the bytes; what it accepts, written again, reads back to what it wrote.
#![no_main]

use exhibit::engine::{demo, wire, BuiltCase};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = demo::read_prebuilt(data);
    let mut tagged = b"EXWC".to_vec();
    tagged.extend_from_slice(data);
    if let Ok(built) = wire::decode::<BuiltCase>(wire::BUILT, &tagged) {
        // Written again (in the one form the writer uses), it reads back to the same bytes.
        let written = wire::encode_built(&built.case, &built.contents);
        let again = wire::decode::<BuiltCase>(wire::BUILT, &written).expect("what the writer wrote reads");
        assert_eq!(wire::encode_built(&again.case, &again.contents), written);
    }
});
