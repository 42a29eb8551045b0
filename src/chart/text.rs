//! The chart's words, drawn straight onto its pixels: rustybuzz shapes each
//! run of text (Khmer needs its subscript consonants and its vowels placed
//! before the consonant, which drawing characters one by one gets wrong) and
//! ab_glyph rasterises the glyphs it chose.
//!
//! Each run goes to the font that has its letters: Khmer to Noto Sans Khmer,
//! everything else to DejaVu Sans, so a Khmer label with a Vietnamese agency
//! name or Latin digits reads right in both scripts.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, point};

use super::ChartError;
use crate::i18n::shorten::shorten;

/// Noto Sans Khmer, which the dashboard also serves to browsers that have
/// no Khmer font (`assets/fonts/README.md`).
pub const KHMER_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansKhmer-Regular.ttf");

/// A font as both libraries read it.
struct Face {
    glyphs: FontRef<'static>,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Option<Self> {
        let glyphs = FontRef::try_from_slice(bytes).ok()?;
        let shaper = rustybuzz::Face::from_slice(bytes, 0)?;
        let units_per_em = shaper.units_per_em() as f32;
        Some(Self {
            glyphs,
            shaper,
            units_per_em,
        })
    }

    fn has(&self, c: char) -> bool {
        self.glyphs.glyph_id(c).0 != 0
    }

    /// ab_glyph's scale that makes one em `size` pixels.
    fn scale(&self, size: f32) -> PxScale {
        PxScale::from(size * self.glyphs.height_unscaled() / self.units_per_em)
    }
}

struct Fonts {
    latin: Face,
    khmer: Face,
}

fn fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                latin: Face::load(include_bytes!("../../assets/fonts/DejaVuSans.ttf"))?,
                khmer: Face::load(KHMER_FONT)?,
            })
        })
        .as_ref()
        .ok_or(ChartError::Font)
}

/// Noto Sans Khmer's letters are small on their em beside DejaVu's: Khmer
/// is drawn this much larger so both scripts read at one size.
const KHMER_SCALE: f32 = 1.2;

fn is_khmer(c: char) -> bool {
    matches!(c, '\u{1780}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}')
}

/// The text cut where the script changes; a space stays with the run it is in.
fn runs(text: &str) -> Vec<(bool, &str)> {
    let mut runs = Vec::new();
    let (mut start, mut khmer) = (0, None);
    for (at, c) in text.char_indices() {
        let this = if c.is_whitespace() {
            khmer.unwrap_or(false)
        } else {
            is_khmer(c)
        };
        match khmer {
            Some(current) if current != this => {
                runs.push((current, &text[start..at]));
                start = at;
            }
            _ => {}
        }
        khmer = Some(this);
    }
    if let Some(current) = khmer {
        runs.push((current, &text[start..]));
    }
    runs
}

/// The characters some font has: any other is left out rather than drawn
/// as an empty box.
fn drawable(fonts: &Fonts, text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| fonts.latin.has(c) || fonts.khmer.has(c))
        .collect();
    kept.trim().to_owned()
}

/// A glyph placed relative to the text's start on its baseline, in pixels.
struct Placed<'a> {
    face: &'a Face,
    /// Pixels per em.
    size: f32,
    id: GlyphId,
    x: f32,
    y: f32,
}

/// The glyphs of `text` at `size` pixels per em, and its width.
fn shape<'f>(fonts: &'f Fonts, text: &str, size: f32) -> (Vec<Placed<'f>>, f32) {
    let mut placed = Vec::new();
    let mut pen = 0.0;
    let text = drawable(fonts, text);
    for (khmer, run) in runs(&text) {
        let (face, size) = if khmer {
            (&fonts.khmer, size * KHMER_SCALE)
        } else {
            (&fonts.latin, size)
        };
        let k = size / face.units_per_em;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(run);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            placed.push(Placed {
                face,
                size,
                id: GlyphId(u16::try_from(info.glyph_id).unwrap_or(0)),
                x: pen + pos.x_offset as f32 * k,
                y: -(pos.y_offset as f32) * k,
            });
            pen += pos.x_advance as f32 * k;
        }
    }
    (placed, pen)
}

/// How wide `text` is at `size` pixels per em.
pub(super) fn width(text: &str, size: f32) -> Result<f32, ChartError> {
    Ok(shape(fonts()?, text, size).1)
}

/// `text`, shortened to fit in `max` pixels ([`shorten`]).
pub(super) fn fit(text: &str, size: f32, max: f32) -> Result<String, ChartError> {
    shorten(text, |short| Ok(width(short, size)? <= max))
}

/// An RGB image being drawn on.
pub(super) struct Canvas<'a> {
    pub pixels: &'a mut [u8],
    pub width: u32,
    pub height: u32,
}

impl Canvas<'_> {
    /// Draws `text` with its left end at `x` and its baseline at `baseline`.
    pub fn text(
        &mut self,
        text: &str,
        (x, baseline): (f32, f32),
        size: f32,
        colour: [u8; 3],
    ) -> Result<(), ChartError> {
        let fonts = fonts()?;
        for glyph in shape(fonts, text, size).0 {
            let positioned = glyph.id.with_scale_and_position(
                glyph.face.scale(glyph.size),
                point(x + glyph.x, baseline + glyph.y),
            );
            let Some(outline) = glyph.face.glyphs.outline_glyph(positioned) else {
                continue;
            };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                self.blend(px, py, colour, coverage);
            });
        }
        Ok(())
    }

    fn blend(&mut self, x: i64, y: i64, colour: [u8; 3], coverage: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        let at = ((y as usize) * (self.width as usize) + x as usize) * 3;
        let alpha = coverage.clamp(0.0, 1.0);
        for (channel, ink) in self.pixels[at..at + 3].iter_mut().zip(colour) {
            let mixed = f32::from(*channel) * (1.0 - alpha) + f32::from(ink) * alpha;
            *channel = mixed.round() as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_where_the_script_changes() {
        assert_eq!(
            runs("ខែ 8/2026 Sở Tư pháp"),
            vec![(true, "ខែ "), (false, "8/2026 Sở Tư pháp")]
        );
        assert_eq!(runs(""), Vec::<(bool, &str)>::new());
    }

    #[test]
    fn characters_no_font_has_are_left_out() {
        let fonts = fonts().expect("fonts load");
        // A private-use character: no font has it.
        assert_eq!(drawable(fonts, "\u{E000} Rất hài lòng"), "Rất hài lòng");
        assert_eq!(drawable(fonts, "\u{E000} ពេញចិត្ត"), "ពេញចិត្ត");
    }

    #[test]
    fn khmer_is_shaped_with_the_khmer_font() {
        let fonts = fonts().expect("fonts load");
        // ស្រុក: the coeng and ro become one subscript glyph, so fewer glyphs than characters.
        let (glyphs, width) = shape(fonts, "ស្រុក", 20.0);
        assert!(glyphs.len() < "ស្រុក".chars().count(), "{}", glyphs.len());
        assert!(glyphs.iter().all(|g| g.id.0 != 0), "no missing glyph");
        assert!(width > 20.0);
    }

    /// The communes' centres share a long name and differ at its end: cut
    /// to fit, each keeps what tells it apart.
    #[test]
    fn labels_that_differ_at_the_end_stay_apart_when_cut() {
        let centre = "Trung tâm Phục vụ hành chính công phường";
        let cut = |place: &str| fit(&format!("{centre} {place}"), 14.0, 200.0).expect("fits");
        let (tan_thanh, an_xuyen) = (cut("Tân Thành"), cut("An Xuyên"));
        assert_ne!(tan_thanh, an_xuyen);
        assert!(
            tan_thanh.starts_with("Trung") && tan_thanh.ends_with("Tân Thành"),
            "{tan_thanh}"
        );
    }

    #[test]
    fn a_long_label_is_cut_to_fit() {
        let label = "Trung tâm Phục vụ hành chính công xã Đầm Dơi, tỉnh Cà Mau";
        let short = fit(label, 14.0, 120.0).expect("fits");
        assert!(short.contains('…') && width(&short, 14.0).expect("width") <= 120.0);
        assert_eq!(fit("Sở Tư pháp", 14.0, 300.0).expect("fits"), "Sở Tư pháp");
    }
}
