"""The request bodies the API accepts, validated before any coding starts.

Only requests are modelled here. Responses are the records of ``detente.records`` serialised by
their own ``to_dict`` (the DESIGN.md contract); describing them a second time as pydantic models
would give the contract two definitions that could drift apart. The OpenAPI page shows an example
response instead.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from detente.read import normalize_date, not_unicode
from detente.records import Document

#: Most documents one batch request may carry.
MAX_BATCH = 100


class CodeRequest(BaseModel):
    """One text to code."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Japan and the Soviet Union signed a joint declaration in Moscow on Friday.",
        "date": "1956-10-19", "id": "jpn-sun-1956"}]})

    text: str = Field(description="The text to code, English prose (plain text, or HTML with "
                                  "format='html').")
    date: str | None = Field(default=None, description="The document's date, ISO 8601 "
                             "(YYYY-MM-DD, YYYY-MM or YYYY); relative dates in the text "
                             "('on Friday') are resolved against it.")
    id: str | None = Field(default=None, min_length=1, max_length=256,
                           description="Your id for the document; event ids are built from it. "
                                       "Default: 'doc-1' (batch: 'doc-N' by position).")
    format: Literal["text", "html"] = Field(default="text", description="'html' strips markup "
                                            "first; offsets still point into the text as sent.")

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        # the CLI's reader decides what a date is, so "2004-13" is refused here as it is there
        date, problem = normalize_date(value)
        if problem:
            raise ValueError(f"{problem}; use YYYY-MM-DD, YYYY-MM or YYYY")
        return date

    @field_validator("text", "id")
    @classmethod
    def _unicode(cls, value: str | None) -> str | None:
        if value is not None and not_unicode(value):
            raise ValueError("holds a lone surrogate (an escape like \\ud800 that is not a "
                             "character)")
        return value

    def to_document(self, default_id: str = "doc-1") -> Document:
        return Document(id=self.id or default_id, text=self.text, date=self.date,
                        format=self.format)


class BatchRequest(BaseModel):
    """Up to ``MAX_BATCH`` texts, coded together; results come back in the same order."""

    model_config = ConfigDict(extra="forbid")

    documents: list[CodeRequest] = Field(min_length=1, max_length=MAX_BATCH,
                                         description=f"1 to {MAX_BATCH} documents.")
