//! `use_drag`: marking a region of an image by dragging the pointer over it. It holds the drag in
//! image pixels (not CSS pixels) and hands the region over when the button is released; it neither
//! keeps nor cites the region (the screenshot does).

use yew::prelude::*;

use crate::domain::citation::PixelRect;

/// What `use_drag` gives its image: the three pointer handlers and the region being dragged.
pub struct Drag {
    pub on_mouse_down: Callback<MouseEvent>,
    pub on_mouse_move: Callback<MouseEvent>,
    pub on_mouse_up: Callback<MouseEvent>,
    /// The region under the pointer while the button is down, in image pixels.
    pub dragging: Option<PixelRect>,
}

/// A pointer position over the image in image pixels, clamped to the image; `None` before the
/// image has a size.
fn to_image(image_ref: &NodeRef, event: &MouseEvent) -> Option<(f64, f64)> {
    let image = image_ref.cast::<web_sys::HtmlImageElement>()?;
    let rect = image.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let scale = image.natural_width() as f64 / rect.width();
    let x = (event.client_x() as f64 - rect.left()).clamp(0.0, rect.width());
    let y = (event.client_y() as f64 - rect.top()).clamp(0.0, rect.height());
    Some((x * scale, y * scale))
}

/// Region marking by dragging over the image behind `image_ref`: press, move, release. A region at
/// least 4×4 image pixels is passed to `on_region` on release; a smaller one is dropped.
#[hook]
pub fn use_drag(image_ref: NodeRef, on_region: Callback<PixelRect>) -> Drag {
    // The corner pressed and the corner under the pointer, `(x0, y0, x1, y1)` in image pixels.
    let drag = use_state(|| None::<(f64, f64, f64, f64)>);
    let on_mouse_down = {
        let drag = drag.clone();
        let image_ref = image_ref.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            if let Some((x, y)) = to_image(&image_ref, &event) {
                drag.set(Some((x, y, x, y)));
            }
        })
    };
    let on_mouse_move = {
        let drag = drag.clone();
        let image_ref = image_ref.clone();
        Callback::from(move |event: MouseEvent| {
            if let (Some((x0, y0, _, _)), Some((x, y))) = (*drag, to_image(&image_ref, &event)) {
                drag.set(Some((x0, y0, x, y)));
            }
        })
    };
    let on_mouse_up = {
        let drag = drag.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some((x0, y0, mut x1, mut y1)) = *drag {
                if let Some((x, y)) = to_image(&image_ref, &event) {
                    x1 = x;
                    y1 = y;
                }
                let rect = PixelRect {
                    x: x0.min(x1).round() as u32,
                    y: y0.min(y1).round() as u32,
                    w: (x1 - x0).abs().round() as u32,
                    h: (y1 - y0).abs().round() as u32,
                };
                if rect.w >= 4 && rect.h >= 4 {
                    on_region.emit(rect);
                }
            }
            drag.set(None);
        })
    };
    let dragging = drag.map(|(x0, y0, x1, y1)| PixelRect {
        x: x0.min(x1) as u32,
        y: y0.min(y1) as u32,
        w: (x1 - x0).abs() as u32,
        h: (y1 - y0).abs() as u32,
    });
    Drag { on_mouse_down, on_mouse_move, on_mouse_up, dragging }
}
