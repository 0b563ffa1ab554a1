//! What changed between two drawings of a screen, read from their HTML text alone.
//!
//! A tap changes a few words of a screen: a count, a class, one card. Parsing the whole new HTML
//! in the browser and walking both trees through wasm-bindgen was most of a tap (issue 16: 4 ms
//! of `innerHTML` and 7 ms of walking at 4x CPU, for a screen whose change was one count). Both
//! drawings are text the app wrote (maud's, well formed), so the app reads them itself: a subtree
//! whose text is the same in both drawings is the same, and what differs is found by comparing
//! strings, with no call into the browser. The answer is a short list of [`Patch`]es, each at a
//! path of child indices; [`morph`](super::morph) applies them, checking each path against the
//! live page, and morphs the whole screen as before where the page is not what the old text drew.
//!
//! A patch is a text node that now reads otherwise; an element that takes the attributes of its
//! new start tag; elements added or removed in one run among their siblings (a notice that
//! appears, a card that goes); or an element redrawn from its new HTML by the morph (its children
//! were replaced or reordered). An element redrawn is small next to its screen, and the morph
//! passes over what is unchanged inside it after one `isEqualNode`. Each drawing is read once, as
//! the new one of its redraw, and kept as the old one of the next ([`Drawing`]).
//!
//! This reads only what `html!` writes: start tags with their attributes quoted, end tags, void
//! elements and text. An `<svg>` (whose children are another namespace's) and a raw text element
//! (`<textarea>`, `<script>`, `<style>`, `<title>`) are read as one piece and redrawn whole.
//! Anything else (a comment, an end tag that closes nothing, an unclosed element) gives no plan at
//! all, and the screen is morphed whole. It works on bytes, with no `str` searching, to stay
//! small in the WASM.

/// Elements with no end tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements read as one piece, up to their end tag.
const WHOLE: [&str; 5] = ["svg", "textarea", "script", "style", "title"];

/// One node of a drawing: where its text is, and where its subtree ends in the node list.
struct Node {
    element: bool,
    /// The node's whole text (an element's from `<` of its start tag to `>` of its end tag).
    start: usize,
    end: usize,
    /// Where an element's start tag ends (after its `>`; a text's start).
    open_end: usize,
    /// The index of the first node after this one's subtree (nodes are kept in document order).
    after: usize,
}

/// A screen's HTML as drawn, read into its nodes once: the redraw after it compares against it
/// without reading it again. `nodes` is `None` where the HTML is not what `html!` writes.
pub(crate) struct Drawing {
    pub(crate) html: String,
    nodes: Option<Vec<Node>>,
}

impl Drawing {
    pub(crate) fn read(html: String) -> Self {
        let nodes = read(&html);
        Drawing { html, nodes }
    }

    fn tree(&self) -> Option<Tree<'_>> {
        let nodes = self.nodes.as_deref()?;
        Some(Tree {
            html: &self.html,
            nodes,
        })
    }
}

/// Reads `html` into its nodes, or `None` if it is not what `html!` writes.
fn read(html: &str) -> Option<Vec<Node>> {
    let bytes = html.as_bytes();
    let (mut nodes, mut open): (Vec<Node>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut at = 0;
    while at < bytes.len() {
        let index = nodes.len();
        let mut node = Node {
            element: bytes[at] == b'<',
            start: at,
            end: 0,
            open_end: at,
            after: index + 1,
        };
        if !node.element {
            node.end = find(bytes, at, b"<").unwrap_or(bytes.len());
        } else if bytes.get(at + 1) == Some(&b'/') {
            let end = find(bytes, at, b">")? + 1;
            let element = open.pop()?;
            if tag_name(&html[nodes[element].start..]) != &html[at + 2..end - 1] {
                return None;
            }
            nodes[element].end = end;
            nodes[element].after = index;
            at = end;
            continue;
        } else {
            let name = tag_name(&html[at..]);
            node.open_end = at + start_tag_len(&bytes[at..])?;
            node.end = node.open_end;
            if name.is_empty() {
                return None;
            } else if WHOLE.contains(&name) {
                let end_tag = ["</", name, ">"].concat();
                node.end = find(bytes, node.open_end, end_tag.as_bytes())? + end_tag.len();
            } else if !VOID.contains(&name) {
                open.push(index);
            }
        }
        at = node.end;
        nodes.push(node);
    }
    open.is_empty().then_some(nodes)
}

/// A drawing's nodes, borrowed for comparing.
struct Tree<'a> {
    html: &'a str,
    nodes: &'a [Node],
}

impl<'a> Tree<'a> {
    fn text(&self, node: usize) -> &'a str {
        &self.html[self.nodes[node].start..self.nodes[node].end]
    }

    fn start_tag(&self, node: usize) -> &'a str {
        &self.html[self.nodes[node].start..self.nodes[node].open_end]
    }

    /// The children of `parent` (the top-level nodes if `None`).
    fn children(&self, parent: Option<usize>) -> Vec<usize> {
        let (mut child, end) = match parent {
            Some(parent) => (parent + 1, self.nodes[parent].after),
            None => (0, self.nodes.len()),
        };
        let mut children = Vec::new();
        while child < end {
            children.push(child);
            child = self.nodes[child].after;
        }
        children
    }

    /// Whether `node` here and `other` there are drawn as the same node (the morph's rule: both
    /// text, or elements of the same tag and key).
    fn same(&self, node: usize, there: &Tree, other: usize) -> bool {
        let element = self.nodes[node].element;
        element == there.nodes[other].element && {
            let (here, there) = (self.start_tag(node), there.start_tag(other));
            !element || (tag_name(here) == tag_name(there) && key(here) == key(there))
        }
    }
}

/// Where `needle` first is in `bytes` from `from` on.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    // By its first byte, then the rest: a window compared at every byte was most of the reading.
    let (first, rest) = needle.split_first()?;
    let mut at = from;
    loop {
        at += bytes.get(at..)?.iter().position(|byte| byte == first)?;
        if bytes[at + 1..].starts_with(rest) {
            return Some(at);
        }
        at += 1;
    }
}

/// The length of the start tag at the front of `tag` (to its `>`, outside quotes).
fn start_tag_len(tag: &[u8]) -> Option<usize> {
    let mut quoted = false;
    let end = tag.iter().position(|&byte| {
        quoted ^= byte == b'"';
        byte == b'>' && !quoted
    });
    end.map(|end| end + 1)
}

/// The tag name of the start tag at the front of `tag` (`<div class…` gives `div`), or "" if
/// there is none.
fn tag_name(tag: &str) -> &str {
    let name = &tag.as_bytes()[1..];
    if !name.first().is_some_and(u8::is_ascii_alphabetic) {
        return "";
    }
    let end = name
        .iter()
        .position(|byte| !(byte.is_ascii_alphanumeric() || *byte == b'-'));
    &tag[1..1 + end.unwrap_or(name.len())]
}

/// The key that ties an element drawn again to the one drawn before (the morph's: `id`,
/// `data-key` or `name`). maud writes every attribute as ` name="value"`, with `"` escaped in the
/// value, so the search cannot land inside one.
fn key(tag: &str) -> Option<&str> {
    let bytes = tag.as_bytes();
    [" id=\"", " data-key=\"", " name=\""]
        .iter()
        .find_map(|attribute| {
            let start = find(bytes, 0, attribute.as_bytes())? + attribute.len();
            Some(&tag[start..find(bytes, start, b"\"")?])
        })
}

/// One step of a path: the child's index, and how many children its parent had in the old
/// drawing (checked against the live page on the way down).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Step {
    pub(crate) index: u32,
    pub(crate) siblings: u32,
}

/// What to do at one place of the live page.
#[derive(PartialEq, Eq, Debug)]
pub(crate) enum Change<'a> {
    /// The text node there now reads this.
    Text(&'a str),
    /// The element there (with this tag) takes the attributes of this start tag (read by the
    /// browser's parser, which alone reads every reference a value may hold).
    Attributes { tag: &'a str, start: &'a str },
    /// The element there is morphed into this, its new HTML, with the tag it must have.
    Redraw { tag: &'a str, html: &'a str },
    /// The elements of `html` are added to the element there (of `children` children) in front of
    /// its child `at` (at the end if there is none).
    Add {
        at: u32,
        children: u32,
        html: &'a str,
    },
    /// `count` children of the element there (of `children`) are removed from its child `at` on.
    Remove { at: u32, count: u32, children: u32 },
}

/// A change at a path of child indices from the mount's element.
#[derive(PartialEq, Eq, Debug)]
pub(crate) struct Patch<'a> {
    pub(crate) path: Vec<Step>,
    pub(crate) change: Change<'a>,
}

/// What turns the page drawn from `old` into `new`, or `None` if either is not what `html!`
/// writes or the top level itself changed shape (then the screen is morphed whole).
pub(crate) fn patches<'a>(old: &'a Drawing, new: &'a Drawing) -> Option<Vec<Patch<'a>>> {
    let (old, new) = (old.tree()?, new.tree()?);
    let mut found = Vec::new();
    children(&old, None, &new, None, &mut Vec::new(), &mut found).then_some(found)
}

/// The patches for the children of `old_parent` and `new_parent` (elements drawn alike, or the
/// top level), or `false` where only redrawing the parent whole will do: children replaced by
/// others, or a text with a reference. Children matched from the front and from the back are
/// patched in place (at their old indices, before anything moves), and what lies between is one
/// run of elements added or removed.
fn children<'a>(
    old: &Tree<'a>,
    old_parent: Option<usize>,
    new: &Tree<'a>,
    new_parent: Option<usize>,
    path: &mut Vec<Step>,
    found: &mut Vec<Patch<'a>>,
) -> bool {
    let (before, after) = (old.children(old_parent), new.children(new_parent));
    let (old_count, new_count) = (before.len(), after.len());
    let same = |o: usize, n: usize| old.same(before[o], new, after[n]);
    let shorter = old_count.min(new_count);
    let front = (0..shorter).take_while(|&i| same(i, i)).count();
    let back = (0..shorter - front)
        .take_while(|&i| same(old_count - 1 - i, new_count - 1 - i))
        .count();
    let (removed, added) = (old_count - front - back, new_count - front - back);
    let moved = match (removed, added) {
        (0, 0) => &[][..],
        (_, 0) => &before[front..front + removed],
        (0, _) => &after[front..front + added],
        _ => return false,
    };
    let tree = if added > 0 { new } else { old };
    if moved.iter().any(|&node| !tree.nodes[node].element) {
        // A text next to a text would be one node in the page: the parent is drawn anew.
        return false;
    }
    let siblings = old_count as u32;
    let matched = (0..front).map(|i| (i, i));
    let matched = matched.chain((1..=back).map(|i| (old_count - i, new_count - i)));
    for (index, n) in matched {
        let (o, n) = (before[index], after[n]);
        let text = new.text(n);
        if old.text(o) == text {
            continue;
        }
        path.push(Step {
            index: index as u32,
            siblings,
        });
        let change = if !new.nodes[n].element {
            // A text as it is drawn, or its parent redrawn if it holds a reference (`&amp;`…),
            // which only the browser's parser should read.
            if text.contains('&') {
                path.pop();
                return false;
            }
            Change::Text(text)
        } else {
            let (tag, mark) = (tag_name(text), found.len());
            if !WHOLE.contains(&tag) && children(old, Some(o), new, Some(n), path, found) {
                let start = new.start_tag(n);
                if old.start_tag(o) != start {
                    let change = Change::Attributes { tag, start };
                    let path = path.clone();
                    found.push(Patch { path, change });
                }
                path.pop();
                continue;
            }
            found.truncate(mark);
            Change::Redraw { tag, html: text }
        };
        found.push(Patch {
            path: path.clone(),
            change,
        });
        path.pop();
    }
    let (at, children) = (front as u32, siblings);
    let change = match moved {
        [] => return true,
        [first, .., last] | [first @ last] if added > 0 => Change::Add {
            at,
            children,
            html: &new.html[new.nodes[*first].start..new.nodes[*last].end],
        },
        _ => Change::Remove {
            at,
            count: removed as u32,
            children,
        },
    };
    found.push(Patch {
        path: path.clone(),
        change,
    });
    true
}

#[cfg(test)]
mod tests;
