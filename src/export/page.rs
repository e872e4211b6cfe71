//! A complete HTML page around an exported fragment: doctype, charset,
//! the title escaped, a small inline stylesheet, no scripts, and nothing
//! fetched from another site for the page itself. A content security policy
//! forbids scripts, frames, forms and plugins outright, so even a mistake in
//! escaping could not run anything.

/// The content security policy every page carries: inline styles from the
/// page itself, images from the web or next to the page, nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: http:; \
     form-action 'none'; base-uri 'none'";

/// The stylesheet: readable line length, system fonts, bordered tables,
/// light and dark schemes.
pub const STYLE: &str = "\
:root { color-scheme: light dark; }
body { font: 16px/1.55 system-ui, -apple-system, \"Segoe UI\", sans-serif; \
max-width: 50rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { margin-top: 2rem; border-bottom: 1px solid #8884; padding-bottom: .25rem; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #8886; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #8882; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
pre { padding: .75rem; overflow-x: auto; background: #8881; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid #8886; }
img { max-width: 100%; }
";

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A complete page with `title` (plain text, escaped here) around `body`
/// (an HTML fragment from [`super::html::fragment`]).
pub fn standalone(title: &str, body: &str) -> String {
    let title = escape_html(
        title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
    );
    let title = if title.is_empty() {
        "Untitled".to_string()
    } else {
        title
    };
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"en\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"generator\" content=\"preflight\">\n\
         <title>{title}</title>\n\
         <style>\n{STYLE}</style>\n\
         </head>\n\
         <body>\n\
         <main>\n\
         {body}\
         </main>\n\
         </body>\n\
         </html>\n"
    )
}
