"""``noticeboard import`` checks sizes before it reads: what ``check`` would refuse is refused,
zip bombs and giant documents unopened, in one line each; UTF-16 text is read, not called binary.

The bombs are real: a .docx whose main part unpacks to hundreds of megabytes, imported by a real
``noticeboard import`` process whose memory is limited to 1 GiB (reading it, as before, took 3 GB).
"""

from __future__ import annotations

import io
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from noticeboard.importers.command import import_command

HEAD = (
    "中共某县审计局党组关于巡察整改进展情况的通报\n"
    "2021年07月05日\n"
    "根据县委统一部署，2021年3月1日至4月30日，县委第二巡察组对县审计局党组进行了巡察。现将整改进展情况予以公布。\n"
    "一、整改工作组织情况\n"
)
NOTICE = HEAD + "局党组召开专题会议，研究部署整改工作。\n欢迎广大干部群众监督。联系电话：0123-4567890；电子邮箱：sjj@163.com\n"
MEMORY = 1024 * 1024 * 1024  # the import process's address space


def imported(runner, path: Path, out: Path):
    return runner.invoke(import_command, [str(path), "--out", str(out)])


def import_in_1_gib(path: Path, out: Path) -> subprocess.CompletedProcess:
    """``noticeboard import`` in its own process, its memory limited to 1 GiB, its time to 120 s."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    return subprocess.run([sys.executable, "-m", "noticeboard.cli", "import", str(path), "--out", str(out)],
                          capture_output=True, text=True, preexec_fn=limit, timeout=120)


def refused(done, path: Path, reason: str) -> None:
    assert (done.returncode if hasattr(done, "returncode") else done.exit_code) == 1
    assert done.stderr == f"error: {path}: {reason}\n"
    assert done.stdout == "imported 0 of 1 file\n"


# .txt ---------------------------------------------------------------------------------------

def test_a_txt_larger_than_a_notice_is_refused_unread(runner, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(NOTICE + "整改措施落实到位。\n" * 120_000, encoding="utf-8")  # 3.1 MiB
    out = tmp_path / "notices"
    size = path.stat().st_size
    refused(imported(runner, path, out), path, f"file is {size // 1024} KiB; a notice is at most 2048 KiB — is this the right file?")
    assert not out.exists()


def test_text_that_grows_past_the_limit_when_decoded_is_refused(runner, tmp_path):
    path = tmp_path / "gbk.txt"
    text = NOTICE + "整改措施落实到位。\n" * 80_000
    path.write_bytes(text.encode("gb18030"))  # 1.5 MiB in GB18030, 2.2 MiB as UTF-8
    assert path.stat().st_size < 2 * 1024 * 1024 < len(text.encode("utf-8"))
    out = tmp_path / "notices"
    refused(imported(runner, path, out), path,
            f"its text is {len(text.encode('utf-8')) // 1024} KiB; a notice is at most 2048 KiB — is this the right file? "
            "(split a longer document into several notices)")
    assert not out.exists()


def test_a_notice_whose_yaml_would_pass_the_limit_is_not_written(runner, tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text(HEAD + "".join(f"第{i}项整改。\n" for i in range(100_000)), encoding="utf-8")
    assert path.stat().st_size < 2 * 1024 * 1024
    out = tmp_path / "notices"
    done = imported(runner, path, out)
    assert done.exit_code == 1 and done.stdout == "imported 0 of 1 file\n"
    assert done.stderr.startswith(f"error: {path}: the notice would be ")
    assert done.stderr.endswith(" KiB; a notice is at most 2048 KiB (split the document into several notices); not written\n")
    assert not out.exists()


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_a_byte_order_mark_is_read_like_utf8(runner, tmp_path, codec, bom):
    utf8 = tmp_path / "u8" / "notice.txt"
    utf8.parent.mkdir()
    utf8.write_text(NOTICE, encoding="utf-8")
    utf16 = tmp_path / "u16" / "notice.txt"
    utf16.parent.mkdir()
    utf16.write_bytes(bom + NOTICE.replace("\n", "\r\n").encode(codec))
    one, two = imported(runner, utf8, tmp_path / "a"), imported(runner, utf16, tmp_path / "b")
    assert one.exit_code == two.exit_code == 0, two.stderr
    [a] = (tmp_path / "a").rglob("*.yml")
    [b] = (tmp_path / "b").rglob("*.yml")
    assert a.relative_to(tmp_path / "a") == b.relative_to(tmp_path / "b")
    assert yaml.safe_load(a.read_text(encoding="utf-8")) == yaml.safe_load(b.read_text(encoding="utf-8"))


def test_utf16_without_a_byte_order_mark_is_named(runner, tmp_path):
    path = tmp_path / "nobom.txt"
    path.write_bytes(("Notice 2021\n" + NOTICE).encode("utf-16-le"))
    refused(imported(runner, path, tmp_path / "notices"), path,
            "this looks like UTF-16 text without a byte-order mark; save it as UTF-8 and import that")


# .docx --------------------------------------------------------------------------------------

def docx_with(path: Path, body: bytes = b"", *, parts: dict[str, bytes] | None = None, chunks: int = 1) -> Path:
    """A .docx made by python-docx: the notice's paragraphs, then ``body`` (repeated ``chunks``
    times, streamed into the zip); ``parts`` added."""
    import docx

    document = docx.Document()
    for line in NOTICE.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                end = data.index(b"</w:body>")
                with target.open("word/document.xml", "w", force_zip64=False) as out:
                    out.write(data[:end])
                    for _ in range(chunks):
                        out.write(body)
                    out.write(data[end:])
            else:
                target.writestr(info, data)
        for name, data in (parts or {}).items():
            target.writestr(name, data)
    return path


def paragraphs(texts) -> bytes:
    return b"".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>".encode() for t in texts)


def test_a_docx_that_unpacks_to_hundreds_of_megabytes_is_refused_unopened(tmp_path):
    # 400 MiB of empty paragraphs, packed into well under 1 MiB
    path = docx_with(tmp_path / "bomb.docx", b"<w:p/>" * (1 << 20), chunks=70)
    assert path.stat().st_size < 1024 * 1024
    with zipfile.ZipFile(path) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    done = import_in_1_gib(path, tmp_path / "notices")
    refused(done, path, f"the .docx unpacks to {unpacked / (1024 * 1024):.1f} MiB; at most 256.0 MiB is read — is this the right file?")


def test_a_part_compressed_like_a_bomb_is_refused(tmp_path):
    path = docx_with(tmp_path / "ratio.docx", b"<w:p/>" * (1 << 20), chunks=5)  # 30 MiB
    with zipfile.ZipFile(path) as z:
        part = z.getinfo("word/document.xml")
    done = import_in_1_gib(path, tmp_path / "notices")
    refused(done, path, f"the .docx part word/document.xml unpacks {part.file_size // part.compress_size} times its packed "
                        f"size, to {part.file_size / (1024 * 1024):.1f} MiB (a zip bomb?); not read")


def test_a_docx_with_too_many_paragraphs_is_refused_after_a_streaming_count(tmp_path):
    rng = random.Random(4)
    texts = ("".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(4)) for _ in range(60_000))
    path = docx_with(tmp_path / "long.docx", paragraphs(texts))
    done = import_in_1_gib(path, tmp_path / "notices")
    refused(done, path, "the document has more than 50000 paragraphs; a notice has far fewer — is this the right file?")


def test_a_docx_with_more_text_than_a_notice_is_refused(tmp_path):
    rng = random.Random(5)
    texts = ("".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(300)) for _ in range(2_500))  # 2.1 MiB
    path = docx_with(tmp_path / "text.docx", paragraphs(texts))
    done = import_in_1_gib(path, tmp_path / "notices")
    refused(done, path, "its text is more than 2048 KiB; a notice is at most 2048 KiB — is this the right file? "
                        "(split a longer document into several notices)")


def test_a_zip_with_more_entries_than_a_document_has_is_refused_from_its_end_record(tmp_path):
    path = docx_with(tmp_path / "many.docx", parts={f"customXml/item{i}.bin": b"" for i in range(12_000)})
    done = import_in_1_gib(path, tmp_path / "notices")
    with zipfile.ZipFile(path) as z:
        entries = len(z.infolist())
    refused(done, path, f"the .docx holds {entries} parts; a document has far fewer (at most 10000) — is this the right file?")


@pytest.mark.parametrize("line", [
    "电子邮箱：" + "a." * 300_000,                      # an e-mail pattern backtracked over the whole line
    "发布时间：" + "2021-01-01 " * 50_000,                # every date of the line looked at once per date
])
def test_a_giant_line_is_read_in_bounded_time(tmp_path, line):
    """A line of 0.6 MB (within the 2 MiB a notice may hold), at the end of the contact block or at
    the head, is read in bounded time: the contact block, the head and the inspection dates look
    at no more than a notice holds (lines of a contact block, a title line, a dozen dates)."""
    path = tmp_path / "giant.txt"
    path.write_text(NOTICE + line + "\n" if line.startswith("电子") else line + "\n" + NOTICE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "noticeboard.cli", "import", str(path), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=100)
    assert run.returncode == 0, run.stderr
    assert "imported 1 of 1 file" in run.stdout
