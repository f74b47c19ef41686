# ideashelf — English. Keys are shared with de/main.ftl; docs/PAGES.md explains the naming.

lang-name = English
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-submit = Submit an idea
nav-login = Sign in
nav-register = Join
nav-logout = Sign out
signed-in-as = Signed in as
lang-switch-label = Language
footer-tagline = ideashelf — where good ideas find their shelf. Built by and for the community.
breadcrumb-label = Breadcrumb
field-optional = (optional)
error-prefix = Error:
form-errors-heading = Please check these fields
cancel = Cancel

## Home
home-title = Ideas worth supporting
home-heading = Share your idea. Support the best ones.
home-lead = Ideas that gather enough supporters are reviewed by the product team — and may end up on the shelf.
home-cta-submit = Submit an idea
home-cta-join = Join the community
home-open-challenges = Open challenges
home-no-challenges = No challenge is open right now. The open board always takes ideas.
home-top-ideas = Top ideas
home-new-ideas = New ideas
home-no-ideas = No ideas yet — be the first!

## Ideas and challenges
idea-by = by { $author }
tags-label = Tags
open-board = Open board
idea-status = { $status ->
    [pending] Waiting for review
    [gathering_support] Gathering support
    [in_review] In review
    [approved] Approved
    [declined] Declined
    [in_development] In development
    [in_production] In production
    [on_shelf] On the shelf
    [rejected] Rejected
    [expired] Expired
    [merged] Merged
   *[other] { $status }
}
supporters = { $count ->
    [one] { $shown } supporter
   *[other] { $shown } supporters
}
supporters-label = { $count ->
    [one] supporter
   *[other] supporters
}
comment-count = { $count ->
    [one] { $shown } comment
   *[other] { $shown } comments
}
progress-label = { $percent } percent of the goal
progress-goal = Goal: { $threshold } supporters
progress-reached = Goal reached — the product team will review this idea.
challenge-phase = { $phase ->
    [open] Open
    [upcoming] Upcoming
   *[closed] Closed
}
challenge-opens = Opens
challenge-closes = Closes
challenge-threshold = Supporters needed
challenge-idea-count = Ideas
challenge-submit = Submit an idea to this challenge
challenge-brief = The brief
challenge-ideas = Ideas in this challenge
challenge-no-ideas = No ideas here yet. Yours could be the first.
sort-label = Sort ideas
sort-option = { $sort ->
    [new] Newest
    [trending] Trending
   *[top] Most supported
}
pager-label = Pages
pager-first = First page
pager-next = Next page

## Idea page
support-heading = Support
support-button = Support this idea
withdraw-button = Withdraw my support
support-you-supported = You support this idea.
support-sign-in = Sign in to support
support-in-challenge = Part of the challenge
support-own-idea = This is your idea — share it so others can support it.
support-suspended = Your account is suspended; you cannot support ideas.
support-closed = This challenge is closed; supports can no longer change.
support-not-open = This challenge has not opened yet.
support-not-gathering = This idea no longer gathers support.
comments-heading = Comments
comments-empty = No comments yet. Start the conversation!
comments-more = More comments
comment-hidden = This comment was hidden by a moderator.
replies-label = Replies to { $author }
reply-button = Reply
field-reply = Your reply
reply-submit = Post reply
field-comment = Your comment
comment-submit = Post comment
comment-sign-in = Sign in to join the conversation.

## Submit form
new-idea-title = Submit an idea
new-idea-lead = Describe your idea so others can picture it. Ideas that gather enough support are reviewed by the product team.
field-challenge = Challenge
hint-challenge = Submit to an open challenge, or to the open board for everything else.
field-title = Title
hint-title = { $min } to { $max } characters.
field-summary = Summary
hint-summary = One or two sentences, at most { $max } characters.
field-body = Description
hint-body = Markdown works: **bold**, lists, links.
field-tags = Tags
hint-tags = Separated by commas, at most { $max }.
new-idea-submit = Submit idea

## Accounts
login-title = Sign in
field-login = Handle or email
field-password = Password
login-submit = Sign in
login-no-account = New here?
register-title = Join ideashelf
register-lead = Submit ideas, support the ones you love, and talk with the community.
field-handle = Handle
hint-handle = { $min } to { $max } characters: letters, digits, _ and -. Shown as @handle.
field-email = Email
field-display-name = Display name
hint-password = At least { $min } characters.
register-submit = Create account
register-have-account = Already a member?

## Flash messages
flash-supported = Thanks for your support!
flash-withdrawn = Your support was withdrawn.
flash-idea-submitted = Your idea is live. Share it to gather support!
flash-welcome = Welcome to ideashelf!
flash-signed-out = You are signed out.
flash-err-budget = You have used all your supports in this challenge; withdraw one to support another.
flash-err-own-idea = You cannot support your own idea.
flash-err-suspended = Your account is suspended; you cannot post or support.
flash-err-closed = This challenge is closed; supports can no longer change.
flash-err-not-open = This challenge has not opened yet.
flash-err-forbidden = You are not allowed to do that.
flash-err-refused = That is not possible right now.

## Field errors: err-<field>-<code>
err-invalid = This value is not valid.
err-handle-length = A handle has { $min } to { $max } characters.
err-handle-format = A handle uses letters, digits, _ and - and starts with a letter or digit.
err-handle-taken = This handle is taken.
err-email-format = Enter an email address like name@example.org.
err-email-taken = An account with this email exists; sign in instead.
err-password-too_short = A password has at least { $min } characters.
err-password-too_long = A password has at most { $max } characters.
err-password-required = Enter your password.
err-display_name-too_long = A display name has at most { $max } characters.
err-display_name-format = A display name cannot contain control characters.
err-login-required = Enter your handle or email address.
err-login-mismatch = That handle or email and password do not match an account.
err-title-too_short = A title has at least { $min } characters.
err-title-too_long = A title has at most { $max } characters.
err-summary-too_long = A summary has at most { $max } characters.
err-body-too_long = This text has at most { $max } characters.
err-body-required = Write something first.
err-tags-too_long = A tag has at most { $length } characters.
err-tags-format = A tag uses letters, digits, - and _ (separate tags with commas).
err-tags-too_many = An idea has at most { $max } tags.
err-challenge-unknown = There is no such challenge.
err-challenge-not_open = This challenge does not take ideas right now.
err-parent_id-invalid = Replies go to a top-level comment of the same idea.

## Error pages
error-home = Back to the start
error-404-title = Page not found
error-404-text = This page does not exist (any more). Maybe the link was mistyped?
error-403-title = Not allowed
error-403-text = You are not allowed to do that.
error-csrf-title = Form expired
error-csrf-text = This form was sent without a valid security token. Go back, reload the page and try again.
error-409-title = Not possible right now
error-409-text = That cannot be done in the current state.
error-400-title = Invalid request
error-400-text = The request could not be understood. Check the link and try again.
error-429-title = Too many requests
error-429-text = Slow down a little and try again shortly.
error-500-title = Something went wrong
error-500-text = Something went wrong on our side. It has been logged; please try again later.

## Navigation: tracker, moderation, notifications
nav-roadmap = Roadmap
nav-moderation = Moderation
nav-notifications = Notifications
bell-label = { $count ->
    [0] Notifications
   *[other] Notifications, { $count } unread
}

## Idea page: status, tiers, timeline, updates, reports, staff
support-pending = This idea waits for a moderator; it can be supported once it is published.
idea-pending-note = This idea waits for a moderator. Until it is published, only you and the staff can see it.
idea-hidden-note = This idea is hidden by moderation. Only its author and the staff can see it.
idea-rejected-note = A moderator rejected this idea. Only you and the staff can see it.
status-reason-label = Reason:
status-note-label = Note:
merged-into = Merged into
merged-into-unknown = another idea
tier-next-goal = { $count ->
    [one] Next goal: { $shown } supporter
   *[other] Next goal: { $shown } supporters
}
tier-deadline = Reach it by
tier-stage-label = Stage
tier-stage = { $stage } of { $stages }
tier-review-at = At { $threshold } supporters the product team reviews the idea.
timeline-heading = Timeline
timeline-to = to
timeline-reason = Reason:
timeline-note = Note:
timeline-merged-link = Go to the idea it was merged into
actor-role = { $role ->
    [author] Author
    [moderator] Moderator
    [product_team] Product team
    [admin] Admin
   *[system] Automatically
}
actor-system = the system
decline-reason = { $reason ->
    [not_feasible] Not feasible to produce
    [brand_fit] Does not fit the brand
    [licensing] Licensing or legal reasons
    [duplicate] Duplicate of an existing product or idea
   *[other] Another reason (see the note)
}
reason-threshold_reached = The final support goal was reached.
reason-deadline_passed = The time for the support goal ran out.
updates-heading = Updates from the creator
updates-empty = No updates yet.
update-form-heading = Post an update
field-update-title = Title
field-update-body = What is new?
hint-update-body = Markdown works. Everyone who supports the idea is notified.
update-submit = Post update
report-idea = Report this idea
report-comment = Report
field-report-reason = What is wrong?
hint-report-reason = At least { $min } characters. Moderators read every report; after several reports the content is hidden until they decide.
report-submit = Send report
staff-heading = Manage this idea
staff-lead = Every move is shown on the public timeline and tells the author and the supporters.
move-button = { $to ->
    [pending] Resubmit for review
    [gathering_support] Open for support
    [in_review] Move to review
    [approved] Approve
    [declined] Decline
    [in_development] Start development
    [in_production] Start production
    [on_shelf] Put on the shelf
    [rejected] Reject
    [expired] Mark as expired
   *[other] Move to { $to }
}
field-move-note = Public note
hint-move-note = Shown on the timeline. At most { $max } characters.
field-decline-reason = Reason for declining
choose-reason = Choose a reason
field-reject-reason = Reason (the author sees it)
field-product = Product (catalogue id or name)
merge-heading = Merge into another idea
field-merge-into = The idea to merge into
hint-merge-into = Paste its link or id. Its supporters and comments are combined with this one's.
field-merge-note = Note for the timeline
merge-submit = Merge
unmerge-lead = This idea was merged. Undoing it gives both ideas their own supporters and comments back.
unmerge-submit = Undo the merge

## Roadmap
roadmap-title = Roadmap
roadmap-heading = From idea to shelf
roadmap-lead = Ideas the community carried to review, and how far they have come since.
roadmap-empty = Nothing here yet.
roadmap-count = { $count ->
    [one] 1 idea
   *[other] { $count } ideas
}
roadmap-moved = Since

## Moderation
moderation-title = Moderation
moderation-lead = New ideas in pre-moderated challenges and reported content, oldest first.
moderation-empty = Nothing to do — the queue is empty.
queue-kind = { $kind ->
    [pending_idea] New idea
    [reported_idea] Reported idea
   *[reported_comment] Reported comment
}
queue-hidden = Hidden
queue-by = by
queue-since = Waiting since
queue-reports = { $count ->
    [one] 1 open report
   *[other] { $count } open reports
}
queue-reasons = Reasons given
queue-open = Open the idea
field-mod-reason = Reason or note
hint-mod-reason = Publishing: an optional note for the timeline. Anything else: a reason the author sees, at least 3 characters.
mod-publish = Publish
mod-reject = Reject
mod-hide = Hide
mod-keep-hidden = Keep hidden
mod-restore = Restore
mod-dismiss = Dismiss reports
mod-suspend = Suspend @{ $author }

## Notifications
notifications-title = Notifications
notifications-unread = { $count ->
    [0] Everything is read.
   *[other] { $count } unread
}
notifications-empty = No notifications yet. When something happens to your ideas, comments or the ideas you support, you will read it here.
mark-all-read = Mark all as read
mark-read = Mark as read
notif-unread = Unread
notif-open = Open
notif-status_changed = New status for “{ $title }”: { $to } (was: { $from }).
notif-by = by { $who }
notif-reason = Reason: { $reason }
notif-note = Note: { $note }
notif-comment = @{ $actor } commented on your idea “{ $title }”.
notif-reply = @{ $actor } replied to your comment on “{ $title }”.
notif-creator_update = @{ $actor } posted an update on “{ $title }”: { $update }
notif-tier_reached = “{ $title }” reached goal { $tier }: { $shown } supporters.
notif-tier_final = “{ $title }” reached its final goal of { $shown } supporters and goes to review.
notif-moderation = { $action ->
    [published] Your idea “{ $title }” was published and now gathers support.
    [rejected] A moderator rejected your idea “{ $title }”. Fix it and submit it again.
    [auto_hidden] { $target ->
        [comment] Your comment was hidden after { $reports } reports until a moderator looks at it.
       *[idea] Your idea was hidden after { $reports } reports until a moderator looks at it.
    }
    [hide] { $target ->
        [comment] A moderator hid your comment.
       *[idea] A moderator hid your idea.
    }
    [restore] { $target ->
        [comment] A moderator restored your comment.
       *[idea] A moderator restored your idea.
    }
    [dismiss_reports] { $target ->
        [comment] The reports against your comment were dismissed.
       *[idea] The reports against your idea were dismissed.
    }
    [suspend] Your account was suspended.
    [unsuspend] Your account is active again.
    [remove_supports] A moderator removed your supports.
   *[other] A moderator looked at your content.
}
notif-merged = “{ $title }” was merged into another idea.
notif-other = Something happened on ideashelf.

## Submit form: similar ideas
similar-heading = Similar ideas
similar-lead = These exist already — perhaps support one of them instead?

## Flash messages: tracker, moderation, notifications
flash-idea-pending = Your idea was submitted. A moderator reviews it before it appears.
flash-moved = Done. The timeline shows the new state.
flash-err-move = That move is not possible (any more). The page shows the current state.
flash-merged = The idea was merged.
flash-unmerged = The merge was undone.
flash-update-posted = Your update is posted; your supporters are notified.
flash-reported = Thank you. A moderator will look at it.
flash-reported-again = You had reported this already; it counts once.
flash-reported-hidden = Thank you. The idea is hidden until a moderator decides.
flash-mod-publish = Published. The idea now gathers support.
flash-mod-reject = Rejected. The author is told why.
flash-mod-hide = Hidden.
flash-mod-restore = Restored.
flash-mod-dismiss = The reports were dismissed.
flash-mod-suspend = The member is suspended.
flash-err-queue = That item was already handled.
flash-all-read = All notifications are marked as read.

## Field errors: tracker and moderation
err-title-length = A title has { $min } to { $max } characters.
err-note-too_long = A note has at most { $max } characters.
err-reason-too_short = Say in a few words what is wrong (at least { $min } characters).
err-reason-too_long = A reason has at most { $max } characters.
err-reason-required = Tell the author why, so they can fix it.
err-reason-invalid = Choose one of the reasons.
err-into-invalid = Paste the link or id of another idea.
err-into-unknown = There is no such idea.
err-into-merged = That idea was merged itself; merge into the idea it was merged into.
err-target_type-invalid = Only ideas and comments can be reported.
