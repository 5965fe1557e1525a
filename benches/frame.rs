//! Frame time of a keystroke: the app with a national-size plan open (≈60,000 字, ≈250
//! sections) typing into a 5,000-character section, against a bare egui TextEdit holding the
//! same section text. Both run headless (layout and tessellation, no GPU).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, PointerButton, Pos2, RawInput, Rect, vec2};

use plandraft::core::document::{Document, Paragraph, SectionId};
use plandraft::core::import::import_text;
use plandraft::core::session::Session;
use plandraft::ui::PlandraftApp;
use plandraft::ui::command::Selection;
use plandraft::ui::files::ScriptedDialogs;
use plandraft::ui::settings::Preferences;

const SIZE: (f32, f32) = (1280.0, 800.0);

mod common;

/// A national-size plan, and the id of a section holding 5,000 characters.
fn national_plan() -> (Document, SectionId, String) {
    let sample = import_text(common::SAMPLE).document;
    let mut doc = common::plan_of_size(55_000, false);
    let filler: String = sample.sections[2]
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("");
    let mut paragraphs = Vec::new();
    let mut total = 0;
    while total < 5_000 {
        let p: String = filler.chars().take(400).collect();
        total += p.chars().count();
        paragraphs.push(Paragraph::new(p));
    }
    let target = doc.sections[20].id;
    doc.section_mut(target).unwrap().paragraphs = paragraphs;
    let text = doc
        .section(target)
        .unwrap()
        .paragraphs
        .iter()
        .map(|p| p.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    (doc, target, text)
}

fn input(events: Vec<Event>, time: f64) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SIZE.0, SIZE.1))),
        events,
        time: Some(time),
        ..RawInput::default()
    }
}

fn click(at: Pos2) -> Vec<Event> {
    let press = |pressed| Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    vec![Event::PointerMoved(at), press(true), press(false)]
}

/// Runs frames of `ui` in a headless context: first a click into the text field, then one
/// typed character per measured frame.
fn bench_typing(c: &mut Criterion, name: &str, mut ui: impl FnMut(&mut egui::Ui)) {
    let ctx = egui::Context::default();
    plandraft::ui::install_fonts(&ctx);
    let mut time = 0.0;
    let mut frame = |events: Vec<Event>, time: f64| {
        let output = ctx.run_ui(input(events, time), &mut ui);
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    for _ in 0..3 {
        time += 0.1;
        frame(Vec::new(), time);
    }
    time += 0.1;
    frame(click(Pos2::new(900.0, 300.0)), time);
    c.bench_function(name, |b| {
        b.iter(|| {
            time += 0.05;
            frame(vec![Event::Text("字".into())], time)
        })
    });
}

fn bench(c: &mut Criterion) {
    let (doc, target, text) = national_plan();
    let mut app = PlandraftApp::new(
        Session::new(doc),
        Preferences::default(),
        Box::new(ScriptedDialogs::default()),
    );
    app.ws.select(Selection::Section(target));
    bench_typing(c, "keystroke/app (60k 字 plan, 5k-char section)", |ui| {
        app.show(ui)
    });
    // The keystrokes must have reached the section, or the figure means nothing.
    let typed = app
        .ws
        .session
        .document()
        .section(target)
        .unwrap()
        .paragraphs
        .iter()
        .map(|p| p.text.matches('字').count())
        .sum::<usize>();
    assert!(
        typed > 100,
        "the app benchmark typed only {typed} characters"
    );

    let mut bare = text;
    let before = bare.chars().count();
    bench_typing(c, "keystroke/bare TextEdit (same 5k chars)", |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add(egui::TextEdit::multiline(&mut bare).desired_width(f32::INFINITY));
            });
        });
    });
    assert!(
        bare.chars().count() > before + 100,
        "the bare benchmark did not type"
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
