"""Pure planning: the points each item lost, the tasks that win them back, what the plan is worth.

From a score card — and, for an item with no score yet this year, last year's result — each
leaf's points lost (`items`); the index if every targeted item reached its maximum, and if
only the items of the tasks already done did; the distance to the plan's target and the
fewest items that would close it (`target`); the đôn đốc list of tasks late, due soon or
without a due date (`followup`); a first plan from the points lost (`draft`). Exact decimals
throughout: every index here is the one `parcli score` gives for a copy of the submission
with those items at maximum.

`from parcli.planning import analyse, …` is the one import path.
"""

from parcli.planning.analysis import Analysis, analyse, plan_missing
from parcli.planning.draft import draft_tasks
from parcli.planning.followup import (
    FOLLOW_STATES,
    FollowState,
    FollowUp,
    LossGroup,
    OwnerTasks,
    follow_up,
    group_by_area_owner,
    owners,
    same_owner,
)
from parcli.planning.items import (
    SOURCE_LABELS,
    ItemLoss,
    Previous,
    Projection,
    Source,
    TaskStake,
    at_maximum,
    fill_from_previous,
    is_done,
    is_open,
    project,
    resolve_targets,
)
from parcli.planning.target import Gap, Suggestion, index_for_rank, rank_among, suggest

__all__ = [
    "FOLLOW_STATES",
    "SOURCE_LABELS",
    "Analysis",
    "FollowState",
    "FollowUp",
    "Gap",
    "ItemLoss",
    "LossGroup",
    "OwnerTasks",
    "Previous",
    "Projection",
    "Source",
    "Suggestion",
    "TaskStake",
    "analyse",
    "at_maximum",
    "draft_tasks",
    "fill_from_previous",
    "follow_up",
    "group_by_area_owner",
    "index_for_rank",
    "is_done",
    "is_open",
    "owners",
    "plan_missing",
    "project",
    "rank_among",
    "resolve_targets",
    "same_owner",
    "suggest",
]
