"""What each initiative, exemplar or dossier was counted as, in MongoDB."""

from __future__ import annotations

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from reporting.domain.facts import CountedSubmission


def stored_submission(counted: CountedSubmission) -> Document:
    """What a submission counts as, as stored (without its `_id`)."""
    return {"kind": counted.kind, "counted_as": counted.counted_as}


class SubmissionKinds(Repository):
    """Submission id -> the level (initiative), category (exemplar) or award (dossier) it counted under."""

    collection_name = "submission_kinds"

    async def counted(self, submission_id: str) -> CountedSubmission | None:
        """What the submission was counted as, or None if it never was."""
        doc = await self.document(submission_id)
        return None if doc is None else CountedSubmission(str(doc["kind"]), str(doc["counted_as"]))

    async def remember(self, submission_id: str, counted: CountedSubmission) -> None:
        """Keep what the submission counts as (the first answer stays)."""
        await self.collection.update_one(
            {"_id": submission_id}, {"$setOnInsert": stored_submission(counted)}, upsert=True
        )
