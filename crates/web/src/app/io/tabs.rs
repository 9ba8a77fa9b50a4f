//! Tabs open on the same case tell each other about new events over a BroadcastChannel, so two
//! tabs never lose each other's work (each also re-reads the store on focus).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "exhibit-events";

pub struct TabChannel {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl TabChannel {
    /// Calls `on_event_json` with the JSON of each event another tab announces.
    pub fn open(on_event_json: impl Fn(String) + 'static) -> Option<TabChannel> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            if let Some(json) = message.data().as_string() {
                on_event_json(json);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(TabChannel { channel, _listener: listener })
    }

    pub fn announce(&self, event_json: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(event_json));
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
