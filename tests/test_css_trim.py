"""Material's stylesheet trimmed to the names a site's pages can hold (noticeboard.site.css_trim)."""

from __future__ import annotations

from noticeboard.site.css_trim import Names, trim, trim_values


def test_a_rule_goes_when_its_selector_names_a_class_nothing_holds():
    css = ".used{color:red}.admonition{color:blue}.used .admonition{margin:0}p{margin:1px}"
    assert trim(css, Names(['<p class="used">'])) == ".used{color:red}p{margin:1px}"


def test_a_selector_list_keeps_the_selectors_that_can_match():
    assert trim(".a,.gone,div>.a:hover{top:0}", Names(["a"])) == ".a,div>.a:hover{top:0}"


def test_classes_in_not_is_ids_and_attributes_never_drop_a_selector():
    css = ".a:not(.gone){top:0}:is(.gone,.a) p{top:1px}[data-x=gone]{top:2px}#gone{top:3px}"
    assert trim(css, Names(["a"])) == css


def test_media_blocks_are_trimmed_inside_and_go_when_empty():
    css = "@media screen and (min-width:60em){.a{top:0}.gone{top:1px}}@media print{.gone{top:0}}"
    assert trim(css, Names(["a"])) == "@media screen and (min-width:60em){.a{top:0}}"


def test_a_custom_property_nothing_left_reads_goes_and_so_does_what_only_it_read():
    css = ":root{--icon:url(x.svg);--kept:1px;--base:red;--via:var(--base)}.gone{mask:var(--icon);color:var(--via)}.a{top:var(--kept)}"
    assert trim(css, Names(["a"])) == ":root{--kept:1px}.a{top:var(--kept)}"


def test_a_property_read_by_another_stylesheet_or_a_script_is_kept():
    names = Names(["a"])
    names.add_reads(".mine{color:var(--md-fg)}")
    names.add_script('el.style.setProperty("--md-x", "1px")')
    assert trim(":root{--md-fg:red;--md-x:0;--md-y:0}", names) == ":root{--md-fg:red;--md-x:0}"


def test_names_a_template_or_a_script_completes_at_run_time_keep_their_prefix():
    names = Names(['<span class="md-tag--{{ tag.type }}">', 'x = `md-fact--${k}`'])
    assert trim(".md-tag--new{top:0}.md-fact--stars{top:1px}.md-other{top:2px}", names) == ".md-tag--new{top:0}.md-fact--stars{top:1px}"


def test_a_script_adds_the_classes_in_its_strings_not_those_it_selects_by():
    names = Names()
    names.add_script('e.classList.add("md-shadow"); document.querySelector(".highlight .md-code")')
    assert trim(".md-shadow{top:0}.highlight{top:1px}.md-code{top:2px}", names) == ".md-shadow{top:0}"


def test_a_palette_keeps_the_values_its_attributes_can_hold():
    """Material's palette stylesheet: the colours of every primary and accent it has; the pages'
    palette offers custom, in the schemes default and slate."""
    values = {"data-md-color-scheme": {"default", "slate"}, "data-md-color-primary": {"custom"}}
    css = ("[data-md-color-scheme=slate]{color-scheme:dark}[data-md-color-scheme=slate][data-md-color-primary=pink]{--p:pink}"
           "@media screen{[data-md-color-primary=pink]:not([data-md-color-scheme=slate]){--p:red}[data-md-color-primary=\"custom\"]{--p:0}}"
           "[data-md-color-switching] *{transition:none}[dir=rtl] p{top:0}")
    assert trim_values(css, values) == ("[data-md-color-scheme=slate]{color-scheme:dark}@media screen{[data-md-color-primary=\"custom\"]{--p:0}}"
                                        "[data-md-color-switching] *{transition:none}[dir=rtl] p{top:0}")


def test_a_pages_palette_values_are_read_as_a_word_start_regex_reads_them():
    """material.colors finds each palette attribute at a word's start, as a regex starting with
    \\b does (it scanned every position of every page: a tenth of a large build's main process)."""
    import re

    from noticeboard.mkdocs_plugin.material import colors

    word_start = re.compile(r'\b(data-md-color-(?:scheme|primary|accent))="([^"]*)"')
    pages = [
        '<input data-md-color-scheme="slate" data-md-color-primary="custom"><body data-md-color-accent="indigo">',
        'xdata-md-color-scheme="no" _data-md-color-primary="no" 字data-md-color-accent="no" -data-md-color-scheme="yes"',
        'xdata-md-color-scheme=" data-md-color-scheme="inner"',  # a match starts inside one that does not count
        'data-md-color-scheme="first" data-md-color-other="x" data-md-color-primary=""',
        'data-md-color-scheme=unquoted data-md-color-scheme="a"b" data-md-color-accent',
    ]
    for html in pages:
        assert colors(html) == word_start.findall(html), html
    assert colors(pages[2]) == [("data-md-color-scheme", "inner")]
