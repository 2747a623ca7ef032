"""The reading stage: rows of a table and (through checker.extract) prose become a ledger, every value read
by the same value reader, with the words of checker.vocab.

One module per kind of value, each turning what an office wrote into the canonical value and keeping the
text as written: `dates` (2023年6月30日, ２０２３.６.３０, Excel day numbers), `deadline` (立行立改, 6月底前,
2023年上半年, 第二季度, 长期坚持), `status` (已办结, 基本完成 …), `owner` (办公室/张某 in a combined column),
`evidence` (lists split on ；; but never inside 《…》), `ids` (the id as written). `table` reads a whole
table with them; `scripts` lets it (and the prose reader) read cells written in traditional characters
in simplified ones and show them as written. A value that cannot be read is a `Reading` with a Chinese
`problem`, never an exception: the reader reports it at its cell and goes on.
"""

from __future__ import annotations

from checker.load import SourceDoc
from checker.read.reading import Reading

__all__ = ["Reading", "read_source"]


def read_source(doc: SourceDoc) -> SourceDoc:
    """The document with its tables read: `data` (the ledger dict) and `source_map` (a TableMap, which also
    carries the notes of reading) filled from `sheets`; a YAML ledger's written dates, deadlines and
    statuses read in place (checker.read.data); other documents are returned as they are.
    Raises InputError when no sheet has a header row."""
    if doc.format == "yaml" and doc.data is not None:
        from checker.load.yaml_source import YamlSourceMap
        from checker.read.data import read_data
        from checker.read.scripts import data_as_read, data_as_written

        written = data_as_read(doc.data)  # text in traditional characters is read in simplified ones ...
        notes, unknown = read_data(doc.data, doc.source_map)
        if written:  # ... and shown as written
            simplified, notes = data_as_written(doc.data, written, notes)
            if isinstance(doc.source_map, YamlSourceMap):
                doc.source_map.simplified = simplified
        doc.notes.extend(notes)
        doc.unknown |= unknown
        return doc
    if doc.sheets is None:
        return doc
    from checker.read.table import read_tables

    doc.data, doc.source_map = read_tables(doc.sheets, doc.path)
    return doc
