//! QR codes of deep links, for printing on receipts.

use qrcode::render::svg;
use qrcode::{Color, QrCode};

/// Pixels per module in a PNG: about 3 cm wide at 300 dpi for a typical link.
const PNG_MODULE_PX: usize = 8;
/// The blank border a scanner needs, in modules.
const QUIET_ZONE: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("the link does not fit in a QR code: {0}")]
    TooLong(#[from] qrcode::types::QrError),
    #[error("cannot encode the PNG: {0}")]
    Png(#[from] png::EncodingError),
}

pub fn svg(text: &str) -> Result<String, QrError> {
    let code = QrCode::new(text.as_bytes())?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// A black-and-white PNG, one byte per pixel.
pub fn png(text: &str) -> Result<Vec<u8>, QrError> {
    let code = QrCode::new(text.as_bytes())?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * PNG_MODULE_PX;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (mx, my) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
        for y in my * PNG_MODULE_PX..(my + 1) * PNG_MODULE_PX {
            pixels[y * side + mx * PNG_MODULE_PX..y * side + (mx + 1) * PNG_MODULE_PX].fill(0);
        }
    }
    let mut out = Vec::new();
    let side32 = u32::try_from(side).unwrap_or(u32::MAX);
    let mut encoder = png::Encoder::new(&mut out, side32, side32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_is_square_with_a_quiet_zone() {
        let bytes = png("https://t.me/hailong_bot?start=abc").expect("encodes");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().expect("a PNG");
        let info = reader.info();
        assert_eq!(info.width, info.height);
        assert_eq!(info.width as usize % PNG_MODULE_PX, 0);
    }

    #[test]
    fn an_svg_is_an_svg() {
        let text = svg("https://t.me/hailong_bot?start=abc").expect("encodes");
        assert!(text.contains("<svg") && text.contains("</svg>"));
    }
}
