//! The reader of drawn HTML and its patches, on the host: what it refuses, and for each kind of
//! change between two drawings the patch it gives (or that it gives none).

use super::*;

/// Checks the patches between two drawings.
fn assert_patches(old: &str, new: &str, expected: Option<Vec<Patch<'_>>>) {
    let (old, new) = (drawing(old), drawing(new));
    assert_eq!(
        patches(&old, &new),
        expected,
        "{} -> {}",
        old.html,
        new.html
    );
}

fn drawing(html: &str) -> Drawing {
    let drawing = Drawing::read(html.to_owned());
    assert!(drawing.tree().is_some(), "{html} reads");
    drawing
}

fn step(index: u32, siblings: u32) -> Step {
    Step { index, siblings }
}

fn redraw<'a>(path: Vec<Step>, tag: &'a str, html: &'a str) -> Patch<'a> {
    Patch {
        path,
        change: Change::Redraw { tag, html },
    }
}

#[test]
fn reads_what_html_writes_and_refuses_what_it_does_not() {
    let drawn = r#"<section class="a &quot;b&gt;"><h2 id="t">Today &amp; more</h2><input name="x" value="1"><svg viewBox="0 0 24 24"><path d="M1 2"></path></svg><textarea name="n">a &lt;b&gt;</textarea></section>text"#;
    let drawing = drawing(drawn);
    let tree = drawing.tree().unwrap();
    assert_eq!(tree.children(None).len(), 2);
    let section = tree.children(None)[0];
    let tags: Vec<_> = tree
        .children(Some(section))
        .iter()
        .map(|&child| tag_name(tree.text(child)))
        .collect();
    assert_eq!(tags, ["h2", "input", "svg", "textarea"]);
    for broken in [
        "<div><p></div>",
        "<div>",
        "</div>",
        "<div a=\"1>",
        "a < b",
        "<p><!-- a comment --></p>",
    ] {
        assert!(
            Drawing::read(broken.to_owned()).tree().is_none(),
            "{broken}"
        );
    }
}

#[test]
fn the_same_drawing_needs_nothing() {
    let drawn = r#"<p class="x">one</p><ul><li data-key="1">a</li></ul>"#;
    assert_patches(drawn, drawn, Some(Vec::new()));
}

#[test]
fn a_changed_count_is_one_text_at_its_path() {
    let old = r#"<h1>Today</h1><ul><li data-key="a"><span>Sara</span><b>2 calls</b></li><li data-key="b"><b>0 calls</b></li></ul>"#;
    let new = r#"<h1>Today</h1><ul><li data-key="a"><span>Sara</span><b>3 calls</b></li><li data-key="b"><b>0 calls</b></li></ul>"#;
    assert_patches(
        old,
        new,
        Some(vec![Patch {
            path: vec![step(1, 2), step(0, 2), step(1, 2), step(0, 1)],
            change: Change::Text("3 calls"),
        }]),
    );
}

#[test]
fn a_text_with_a_reference_redraws_its_element() {
    let old = r#"<p><span>a</span>Tom</p>"#;
    let new = r#"<p><span>a</span>Tom &amp; Jo</p>"#;
    assert_patches(old, new, Some(vec![redraw(vec![step(0, 1)], "p", new)]));
}

#[test]
fn an_element_takes_its_new_attributes_and_its_children_are_patched_apart() {
    let old = r#"<div><a class="btn" href="sms:1?body=Hi">Send</a><span>1</span></div>"#;
    let new = r#"<div><a class="btn" href="sms:1?body=Hi&amp;x">Send</a><span>2</span></div>"#;
    assert_patches(
        old,
        new,
        Some(vec![
            Patch {
                path: vec![step(0, 1), step(0, 2)],
                change: Change::Attributes {
                    tag: "a",
                    start: r#"<a class="btn" href="sms:1?body=Hi&amp;x">"#,
                },
            },
            Patch {
                path: vec![step(0, 1), step(1, 2), step(0, 1)],
                change: Change::Text("2"),
            },
        ]),
    );
}

#[test]
fn elements_added_or_removed_in_one_run_are_added_or_removed_alone() {
    let old = r#"<header>h</header><ul><li data-key="a">A</li><li data-key="b">B</li></ul>"#;
    let at_ul = |change| Patch {
        path: vec![step(1, 2)],
        change,
    };
    assert_patches(
        old,
        r#"<header>h</header><ul><li data-key="a">A</li></ul>"#,
        Some(vec![at_ul(Change::Remove {
            at: 1,
            count: 1,
            children: 2,
        })]),
    );
    assert_patches(
        old,
        r#"<header>h</header><ul><li data-key="a">A</li><li data-key="b">B</li><li data-key="c">C</li><li data-key="d">D</li></ul>"#,
        Some(vec![at_ul(Change::Add {
            at: 2,
            children: 2,
            html: r#"<li data-key="c">C</li><li data-key="d">D</li>"#,
        })]),
    );
    // The children that stay are patched first, at their old places; then the new one is added.
    assert_patches(
        old,
        r#"<header>h</header><ul><li data-key="a">A</li><li data-key="x">X</li><li data-key="b">B2</li></ul>"#,
        Some(vec![
            Patch {
                path: vec![step(1, 2), step(1, 2), step(0, 1)],
                change: Change::Text("B2"),
            },
            at_ul(Change::Add {
                at: 1,
                children: 2,
                html: r#"<li data-key="x">X</li>"#,
            }),
        ]),
    );
    // A notice at the top level, as a form's error appears.
    assert_patches(
        "<h1>T</h1><div>x</div>",
        r#"<h1>T</h1><p role="alert">No</p><div>x</div>"#,
        Some(vec![Patch {
            path: vec![],
            change: Change::Add {
                at: 1,
                children: 2,
                html: r#"<p role="alert">No</p>"#,
            },
        }]),
    );
}

#[test]
fn children_replaced_reordered_or_a_text_added_redraw_their_parent() {
    let old = r#"<header>h</header><ul><li data-key="a">A</li><li data-key="b">B</li></ul>"#;
    for new in [
        r#"<header>h</header><ul><li data-key="b">B</li><li data-key="a">A</li></ul>"#,
        r#"<header>h</header><ul><li data-key="a">A</li><p data-key="b">B</p></ul>"#,
        r#"<header>h</header><ul><li data-key="a">A</li>text<li data-key="b">B</li></ul>"#,
    ] {
        assert_patches(
            old,
            new,
            Some(vec![redraw(vec![step(1, 2)], "ul", &new[18..])]),
        );
    }
}

#[test]
fn an_svg_is_redrawn_whole_and_a_new_top_level_is_no_plan() {
    let old = r#"<p>a<svg viewBox="0 0 1 1"><path d="M1"></path></svg></p>"#;
    let new = r#"<p>a<svg viewBox="0 0 1 1"><path d="M2"></path></svg></p>"#;
    assert_patches(
        old,
        new,
        Some(vec![redraw(
            vec![step(0, 1), step(1, 2)],
            "svg",
            &new[4..new.len() - 4],
        )]),
    );
    assert_patches("<p>a</p>", "<div>a</div>", None);
    assert_patches("<p>a</p>", "a<p>a</p>", None);
}

#[test]
fn a_field_is_tied_by_its_key() {
    let old = r#"<form><input name="a" value="1"><input name="b"></form>"#;
    let new = r#"<form><input name="b"><input name="a" value="1"></form>"#;
    assert_patches(old, new, Some(vec![redraw(vec![step(0, 1)], "form", new)]));
}

#[test]
fn the_apps_own_markup_reads() {
    let drawn = crate::markup::form_error(Some("Tom & Jo's <note>")).into_string();
    assert_eq!(drawing(&drawn).tree().unwrap().children(None).len(), 1);
}
