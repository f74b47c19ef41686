# ideashelf — English. Keys are shared with de/main.ftl; docs/PAGES.md explains the naming.

lang-name = English
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-submit = Submit an idea
nav-login = Sign in
nav-register = Join
nav-logout = Sign out
nav-logout-everywhere = Sign out everywhere
logout-everywhere-hint = Ends every session of your account, on every device.
flash-signed-out-everywhere = You are signed out on every device.
signed-in-as = Signed in as
lang-switch-label = Language
nav-menu = Menu
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
    [discussed] Most discussed
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
support-not-gathering = { $status ->
    [in_review] This idea reached its goal and is being reviewed by the product team; it needs no more support.
    [approved] The product team approved this idea; supports are closed.
    [in_development] This idea is being developed; supports are closed.
    [in_production] This idea is being produced; supports are closed.
    [on_shelf] This idea made it to the shelf; supports are closed.
    [declined] The product team declined this idea; it no longer gathers support.
    [expired] This idea ran out of time before it reached its goal; it no longer gathers support.
    [merged] This idea was merged into another one; support that one instead.
    [rejected] A moderator did not publish this idea; it cannot be supported.
   *[other] This idea no longer gathers support.
}
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
comment-deleted = This comment was deleted.
comment-edited = edited
comment-edit = Edit
comment-edit-save = Save changes
field-comment-edit = Your comment
hint-comment-edit = You can change it until { $until }.
comment-delete = Delete
comment-delete-confirm = Delete this comment? If someone replied, the replies stay and it shows as deleted.
comment-delete-button = Delete comment
comment-remove = Remove
hint-comment-remove = The author sees this reason; the removal is kept in the audit log. At least 3 characters.
comment-remove-button = Remove comment

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
error-csrf-title = Form expired
error-csrf-text = This form was sent without a valid security token. Go back, reload the page and try again.
error-409-title = Not possible right now
error-400-title = Invalid request
error-400-text = The request could not be understood. Check the link and try again.
error-429-title = Too many requests
error-429-text = Slow down a little and try again shortly.
error-500-title = Something went wrong
error-500-text = Something went wrong on our side. It has been logged; please try again later.
error-503-title = Briefly unavailable
error-503-text = This part of ideashelf is unavailable right now. Everything else works; please try again shortly.

## Navigation: tracker, moderation, notifications
nav-roadmap = Roadmap
nav-moderation = Moderation
nav-audit = Audit log
nav-members = Members
nav-notifications = Notifications
nav-products = Products
nav-tips = Tips
nav-dashboard = Dashboard
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
    [reported_review] Reported review
    [reported_tip] Reported tip
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
queue-open = { $target ->
    [review] Open the review
    [tip] Open the tip
   *[comment] Open the comment
}
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
notif-tier_reached = “{ $title }” reached goal { $tier }: { $count ->
    [one] { $shown } supporter.
   *[other] { $shown } supporters.
}
notif-tier_final = “{ $title }” reached its final goal of { $shown } supporters and goes to review.
notif-moderation = { $action ->
    [published] Your idea “{ $title }” was published and now gathers support.
    [rejected] A moderator rejected your idea “{ $title }”. Fix it and submit it again.
    [auto_hidden] { $target ->
        [comment] Your comment was hidden after { $reports } reports until a moderator looks at it.
        [review] Your review was hidden after { $reports } reports until a moderator looks at it.
        [tip] Your tip was hidden after { $reports } reports until a moderator looks at it.
       *[idea] Your idea was hidden after { $reports } reports until a moderator looks at it.
    }
    [hide] { $target ->
        [comment] A moderator hid your comment.
        [review] A moderator hid your review.
        [tip] A moderator hid your tip.
       *[idea] A moderator hid your idea.
    }
    [restore] { $target ->
        [comment] A moderator restored your comment.
        [review] A moderator restored your review.
        [tip] A moderator restored your tip.
       *[idea] A moderator restored your idea.
    }
    [dismiss_reports] { $target ->
        [comment] The reports against your comment were dismissed.
        [review] The reports against your review were dismissed.
        [tip] The reports against your tip were dismissed.
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
flash-comment-edited = Your comment was changed.
flash-comment-deleted = Your comment was deleted.
flash-comment-removed = The comment was removed.
flash-err-comment-gone = That comment is no longer there.
flash-role-changed = The role was changed.
flash-err-role = That is not a role.
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
err-target_type-invalid = Only ideas, comments, reviews and tips can be reported.

## Products
products-title = Products
products-lead = What ended up on the shelf — rated and reviewed by the community. Some of it started as a community idea.
products-results = Products found
products-none = No products yet.
products-none-filtered = No product matches these filters.
filters-heading = Filter
filters-apply = Apply
filters-reset = Reset
filters-active = Active filters
filter-remove = Remove filter { $label }
filter-category = Category
filter-all-categories = All categories
filter-brand = Brand
filter-all-brands = All brands
filter-min-rating = Rating
filter-any-rating = Any rating
filter-rating-option = { $stars ->
    [1] 1 star or more
   *[other] { $stars } stars or more
}
filter-from-ideas = Only products from community ideas
filter-sort = Sort by
product-sort = { $sort ->
    [rating] Best rated
    [newest] Newest
   *[name] Name
}
product-from-community = From the community
product-available = Available
product-unavailable = Not available
product-availability = Availability
product-brand = Brand
product-category = Category
product-gtin = GTIN
product-origin = From the community idea
product-origin-by = by @{ $author }
product-edit = Edit product
rating-count = { $count ->
    [one] { $shown } rating
   *[other] { $shown } ratings
}
rating-none = No ratings yet
rating-average-label = Average { $average } out of 5 stars
rating-of-five = out of 5
ratings-heading = Ratings
histogram-label = Ratings by stars
histogram-row = { $stars ->
    [one] 1 star
   *[other] { $stars } stars
}: { $count ->
    [one] { $shown } rating
   *[other] { $shown } ratings
} ({ $percent } percent)
stars-label = { $count ->
    [one] 1 star
   *[other] { $count } stars
}
alerts-heading = { $count ->
    [one] Review spike
   *[other] { $count } review spikes
}
alert-spike = { $count ->
    [one] { $shown } low rating (1–2 stars)
   *[other] { $shown } low ratings (1–2 stars)
} within { $hours } hours — usually about { $usual } in such a window. Check the reviews before they pile up.
alert-spike-new = { $count ->
    [one] { $shown } low rating (1–2 stars)
   *[other] { $shown } low ratings (1–2 stars)
} within { $hours } hours — usually there are none. Check the reviews before they pile up.
alert-raised = Raised
alert-resolve = Mark resolved
# The product team's dashboard
dash-title = Dashboard
dash-title-challenge = Dashboard: { $challenge }
dash-lead = How ideas travel from submission to the shelf, where support comes from, and what is waiting for you.
dash-scope-label = Challenge
dash-scope-all = All challenges
dash-scope-submit = Show
dash-as-of = As of { $when }
dash-to-challenge = Open the challenge
dash-kpi-submitted = Ideas submitted
dash-kpi-supports = Supports in 30 days
dash-kpi-waiting = Waiting for a decision
dash-kpi-alerts = Products with alerts
dash-funnel-heading = From submission to the shelf
dash-funnel-note = “Reached” counts every idea that was ever at a stage or went past it (from the status timeline); “there now” counts where ideas stand today.
dash-funnel-chart-title = Funnel: ideas that reached each stage
dash-stage = { $stage ->
    [submitted] Submitted
    [gathering_support] Gathering support
    [in_review] In review
    [approved] Approved
    [in_development] In development
    [in_production] In production
    [on_shelf] On the shelf
   *[other] { $stage }
}
dash-percent = { $percent }%
dash-col-stage = Stage
dash-col-reached = Reached
dash-col-share = Of submitted
dash-col-step = Of the stage before
dash-col-now = There now
dash-exits-heading = Left the funnel
dash-exit-now = ({ $shown } now)
dash-days-heading = Supports per day
dash-days-total = { $count ->
    [one] { $shown } support in 30 days
   *[other] { $shown } supports in 30 days
}
dash-days-chart-title = Supports per day over the last 30 days
dash-days-desc = { $total ->
    [one] { $shown } support
   *[other] { $shown } supports
} from { $from } to { $to }; the busiest day had { $max }. The table below lists every day.
dash-days-note = Days in UTC. Supports taken back since, and the copies a merge makes, are not counted.
dash-supports = { $count ->
    [one] { $shown } support
   *[other] { $shown } supports
}
dash-col-day = Day
dash-col-supports = Supports
dash-risers-heading = Top risers this week
dash-risers-lead = The most supports in the last 7 days, against the 7 days before.
dash-riser-week = { $count ->
    [one] { $shown } support this week
   *[other] { $shown } supports this week
}
dash-riser-before = { $shown } the week before
dash-change-label = Change:
dash-risers-empty = No supports in the last 7 days.
dash-waiting-heading = Waiting for a decision
dash-waiting-lead = Ideas in review, the longest waiting first.
dash-waited = { $days ->
    [0] Waiting less than a day
    [one] Waiting { $shown } day
   *[other] Waiting { $shown } days
}
dash-waiting-since = In review since
dash-waiting-more = …and { $shown } more.
dash-waiting-empty = No idea is waiting for a decision.
dash-alerts-heading = Products with open review-spike alerts
dash-alerts-scoped = Products that came from this challenge’s ideas.
dash-alert-low = { $count ->
    [one] { $shown } low rating (1–2 stars) within { $hours } hours
   *[other] { $shown } low ratings (1–2 stars) within { $hours } hours
}
dash-alert-open = { $count ->
    [one] { $shown } open alert
   *[other] { $shown } open alerts
}
dash-alerts-empty = No open alerts.
rate-heading = Rate this product
rate-yours = Your rating
rate-change = Change your rating
rate-hidden-note = Moderation hid your review; it does not count until a moderator restores it.
field-stars = Your stars
field-review-title = Title of your review
field-review-body = Your review
hint-review-body = What did you like, what not? Markdown works. A rating without text is fine too.
rate-submit = Publish rating
rate-save = Save changes
rate-remove = Remove my rating
rate-sign-in = Sign in to rate
rate-sign-in-lead = Bought it? Tell the community what you think.
reviews-heading = Reviews
reviews-empty = No reviews with text yet.
reviews-more = More reviews
review-sort-label = Sort reviews
review-sort = { $sort ->
    [helpful] Most helpful
    [highest] Highest rated
    [lowest] Lowest rated
   *[newest] Newest
}
review-by = Review by { $author }
report-review = Report this review
helpful-button = Helpful
helpful-count = { $count ->
    [0] Nobody found this helpful yet
    [one] { $shown } found this helpful
   *[other] { $shown } found this helpful
}
product-tips-heading = Tips for this product
product-tips-empty = No tips yet. Know a trick?
product-tips-all = All tips for this product
product-tips-write = Write a tip about it
product-new-title = Add a product
product-edit-title = Edit “{ $name }”
product-form-lead = Products appear in the catalogue at once. Link the community idea a product came from, so its supporters see it on the shelf.
field-product-name = Name
field-slug = Address (slug)
hint-product-slug = Lowercase letters, digits and hyphens, used in the link. Empty: made from the name.
field-description = Description
hint-gtin = The barcode number: 8, 12, 13 or 14 digits.
field-image-ref = Image
hint-image-ref = A path on this site, like /static/img/pesto.jpg.
field-origin-idea = Community idea
hint-origin-idea = Paste the idea's link or id, if the product came from one.
field-available = Available in stores
product-create = Add product
product-save = Save product

## Tips
tips-title = Tips
tips-lead = Tricks from the community: how to store, cook, reuse and enjoy what is on the shelf.
tips-none = No tips yet — share the first one!
tips-none-filtered = No tips match this filter.
tip-sort-label = Sort tips
tip-sort = { $sort ->
    [helpful] Most helpful
   *[new] Newest
}
tip-kicker = Tip
tip-new-title = Write a tip
tip-edit-title = Edit your tip
tip-form-lead = Share what works for you. Short and practical is best.
field-tip-product = Product
hint-tip-product = Is the tip about one product? It then shows on the product's page.
tip-no-product = No particular product
field-tip-body = Your tip
tip-publish = Publish tip
tip-save = Save tip
tip-edit = Edit
tip-delete = Delete
tip-delete-confirm = Delete this tip for good? This cannot be undone.
tip-delete-yes = Yes, delete it
tip-hidden-note = This tip is hidden by moderation. Only its author and the moderators can see it.
tip-about = About
tip-more-for-product = More tips for this product
report-tip = Report this tip
helpful-heading = Helpful?
helpful-label = { $count ->
    [one] member found this helpful
   *[other] members found this helpful
}
helpful-mark = This helped me
helpful-undo = Take back my “helpful”
helpful-you = You found this helpful.
helpful-own = This is your tip — members mark it when it helps them.
helpful-sign-in = Sign in to mark it helpful

## Search
search-title = Search
search-title-for = Search: { $q }
search-label = Search tips, ideas and products
search-placeholder = Search tips, ideas, products
search-submit = Search
search-kinds-label = What to search
search-kind = { $kind ->
    [tips] Tips
    [ideas] Ideas
    [products] Products
    [tip] Tip
    [idea] Idea
    [product] Product
    [questions] Questions
    [question] Question
   *[all] Everything
}
search-count = { $count ->
    [0] No results
    [one] { $shown } result
   *[other] { $shown } results
}
search-more = { $kind ->
    [tips] All { $shown } tips
    [ideas] All { $shown } ideas
   *[products] All { $shown } products
}
search-none = Nothing found for “{ $q }”. Try other or fewer words.
search-none-kind = { $kind ->
    [tips] No tips found.
    [ideas] No ideas found.
   *[products] No products found.
}
search-rank = { $kind ->
    [tip] { $count ->
        [one] { $shown } found it helpful
       *[other] { $shown } found it helpful
    }
    [idea] { $count ->
        [one] { $shown } supporter
       *[other] { $shown } supporters
    }
   *[product] { $count ->
        [one] { $shown } rating
       *[other] { $shown } ratings
    }
}
search-unavailable-title = Search is unavailable right now.
search-unavailable-text = Everything else works, and what is new will be findable once search is back. Please try again in a moment.
search-intro-heading = Find tips, ideas and products
search-intro = Search finds words in any form and forgives typos: “Sauerteik” finds “Sauerteig”.
search-browse = { $kind ->
    [tips] Browse all tips
    [ideas] Browse all ideas
   *[products] Browse all products
}
facet-name = { $facet ->
    [tag] Tag
    [category] Category
    [brand] Brand
    [status] Status
   *[product] Product
}
facet-active = (active filter; select to remove)

## Flash messages: products, tips
flash-rated = Thanks for your rating!
flash-rating-changed = Your rating is updated.
flash-rating-removed = Your rating was removed.
flash-reported-review-hidden = Thank you. The review is hidden until a moderator decides.
flash-reported-tip-hidden = Thank you. The tip is hidden until a moderator decides.
flash-alert-resolved = The alert is marked as resolved.
flash-product-created = The product is in the catalogue.
flash-product-saved = The product is saved.
flash-tip-published = Your tip is published. Thanks for sharing!
flash-tip-saved = Your tip is saved.
flash-tip-deleted = The tip was deleted.
flash-tip-helpful = Thanks — marked as helpful.
flash-tip-unhelpful = Your mark was taken back.

## Notifications: products
notif-review_spike = “{ $product }” got { $count ->
    [one] { $shown } low rating
   *[other] { $shown } low ratings
} within { $hours } hours — an unusual spike.

## Field errors: products, reviews, tips, search
err-name-length = A name has { $min } to { $max } characters.
err-brand-length = Enter the brand (at most { $max } characters).
err-category-length = Enter the category (at most { $max } characters).
err-description-too_long = A description has at most { $max } characters.
err-slug-length = An address has { $min } to { $max } characters.
err-slug-format = Use lowercase letters, digits and inner hyphens (like oat-drink-barista).
err-slug-taken = Another product has this address.
err-image_ref-too_long = An image reference has at most { $max } characters.
err-image_ref-format = Use an http(s) link or a path on this site starting with /.
err-gtin-format = A GTIN has 8, 12, 13 or 14 digits.
err-gtin-check_digit = This GTIN's check digit does not match — check for a typo.
err-gtin-taken = Another product has this GTIN.
err-idea_id-unknown = There is no such public idea. Paste the link of a published idea.
err-stars-range = Choose 1 to 5 stars.
err-review-body-required = A review with a title needs a text too.
err-tip-body-required = Write the tip itself.
err-tip-tags-too_many = A tip has at most { $max } tags.
err-product-unknown = There is no such product.
err-q-too_long = A search has at most { $max } characters.
err-cursor-invalid = This page link is no longer valid; start the search again.
err-cursor-too_deep = Results this deep are not listed; refine your search.
idea-became-product = On the shelf as

## Points, levels, badges, leaderboards
nav-leaderboard = Leaderboard
nav-profile = Your profile
level-label = Level { $level }
level-short = L{ $level }
level-progress = { $shown } of { $span } points to level { $next }
level-top = The highest level — there is no further one.
points-label = { $count ->
    [one] point
   *[other] points
}
profile-own = This is your profile. Everyone can see it.
profile-to-board = See the leaderboard
badges-heading = Badges
badges-count = { $held } of { $total }
badge-awarded = Earned on
badge-locked = Not earned yet
badge-name = { $key ->
    [first_idea] First idea
    [first_tip] First tip
    [first_review] First review
    [helpful_tips_10] Helpful hand
    [supports_given_100] Backer
    [idea_in_review] Under review
    [idea_on_shelf] On the shelf
    [challenge_top_10] Top 10
    [challenge_winner] Challenge leader
    [product_tester] Product tester
   *[other] { $name }
}
badge-description = { $key ->
    [first_idea] Published a first idea.
    [first_tip] Shared a first tip.
    [first_review] Wrote a first product review.
    [helpful_tips_10] Tips marked helpful 10 times.
    [supports_given_100] Supported 100 ideas.
    [idea_in_review] An idea reached the product team's review.
    [idea_on_shelf] An idea became a product.
    [challenge_top_10] Reached the top 10 of a challenge's leaderboard.
    [challenge_winner] Led a challenge's leaderboard.
    [product_tester] Tested a product and reported on it.
   *[other] { $name }
}
history-heading = Point history
history-points = Points
history-what = For
history-when = Date
history-empty = No points yet.
history-empty-own = No points yet. Submit an idea, support one, comment or share a tip to earn your first.
history-gone = { $kind ->
    [comment] the comment is no longer public
    [tip] the tip is no longer public
    [review] the review is no longer public
   *[idea] the idea is no longer public
}
points-rule = { $rule ->
    [idea_published] Published an idea
    [support_given] Supported an idea
    [support_received] Support received
    [comment] Commented
    [tip] Shared a tip
    [tip_helpful] Tip marked helpful
    [question] Question asked
    [answer] Question answered
    [answer_helpful] Answer marked helpful
    [answer_accepted] Answer accepted
    [rating_with_review] Reviewed a product
    [tier_reached] Idea reached a support goal
    [idea_approved] Idea approved
    [idea_on_shelf] Idea on the shelf
    [test_report] Reported on a product test
   *[other] Points
}
points-reason = { $reason ->
    [withdrawn] taken back: the support was withdrawn
    [unmarked] taken back: the helpful mark was removed
    [review_removed] taken back: the review was removed
    [deleted] taken back: deleted by its author
    [moderation] taken back: hidden by a moderator
    [reinstated] given back: restored
   *[other] taken back
}
board-title = Leaderboard
board-title-challenge = Leaderboard: { $challenge }
board-lead = Members earn points for ideas, supports, comments, tips and reviews. Ties go to whoever got there first.
board-periods-label = Period
board-period = { $period ->
    [last30] Last 30 days
   *[all] All time
}
board-challenge-label = Challenge
board-no-challenge = All of ideashelf
board-challenge-submit = Show
board-place = Place
board-member = Member
board-points = Points
board-you = you
board-my-place = Your place: { $place } ({ $count ->
    [one] { $points } point
   *[other] { $points } points
})
board-not-placed = You are not on this board yet — your first points put you on it.
board-empty = Nobody has points on this board yet.
board-problem-title = This leaderboard cannot be shown.
board-problem-back = Show the all-time leaderboard
err-board-period-invalid = A leaderboard covers all time or the last 30 days; a challenge's board always covers its whole run.
err-board-challenge-unknown = There is no such challenge.
err-board-cursor-invalid = This page link is no longer valid; start again from the first page.
err-board-limit-range = This page link is not valid; start again from the first page.
notif-badge_awarded = You earned the badge “{ $badge }”.

## The demand question (issue 7)
demand-question = Would you buy it?
demand-would-buy = Would you buy this product?
demand-yes = Yes
demand-maybe = Maybe
demand-no = No
demand-unanswered = No answer
demand-price = At what price?
demand-no-band = I'd rather not say
demand-band-hint = The price bands are set by the challenge's brand.
demand-save = Save my answer
demand-change = Change my answer
demand-your-answer = Your answer:
demand-heading = Would supporters buy it?
demand-team-only = Only the product team sees this.
demand-bands = Price bands picked
flash-demand-saved = Thanks, your answer is saved.
flash-err-demand = That answer is not one of the choices.

## Raffles (issue 7)
raffle-heading = Prize draw
raffle-announced = { $prizes ->
    [one] One prize will be drawn among the participants after the challenge closes.
   *[other] { $prizes } prizes will be drawn among the participants after the challenge closes.
}
raffle-drawn = { $prizes ->
    [one] The prize was drawn among { $count } participants. The winner:
   *[other] { $prizes } prizes were drawn among { $count } participants. The winners, in the order drawn:
}
raffle-commitment = Seed commitment (SHA-256)
raffle-seed = Seed
raffle-list-hash = Participant list hash
raffle-commitment-explained = The draw's secret seed was fixed when the draw was announced; this is its fingerprint. The seed is revealed at the draw, so anyone can check that it was not changed.
raffle-check = Anyone can recompute the winners:
raffle-json = the published draw (JSON)
raffle-draw = Draw the winners now
raffle-announce-explained = Raffle prizes among the members who submit or support ideas while the challenge runs. The draw can be checked by anyone.
raffle-prizes = Prizes
raffle-announce = Announce a prize draw
flash-raffle-announced = The prize draw is announced; its seed commitment is public.
flash-raffle-drawn = The winners are drawn and notified.
flash-err-raffle-prizes = Give between 1 and 100 prizes.
notif-raffle_won = You won a prize in the draw of “{ $challenge }”! (drawn { $place ->
    [1] first
    [2] second
    [3] third
   *[other] { $place }th
})
notif-answer = { $actor } answered your question “{ $question }”
notif-answer_official = The product team answered your question “{ $question }”
notif-product_question = New question about { $product }: “{ $question }” (by { $actor })
notif-test_selected = You were drawn to test { $product } in “{ $test }”! Your test report is due by the date on the test's page.
notif-test_report_due = Your report on “{ $test }” ({ $product }) is due in 3 days.

## The export page (issue 7)
export-title = Export ideas
export-lead = Download the ideas your team is looking at, with their supports, comments and what supporters said about buying them.
export-challenge = Challenge
export-all-challenges = All challenges and the open board
export-states = States
export-states-hint = None checked: every published state.
export-tag = Tag
export-min-supports = At least this many supports
export-since = Submitted since
export-since-hint = A date, e.g. 2026-11-01.
export-limit = At most this many ideas
export-sort = Order
export-sort-top = Most supported
export-sort-trending = Trending
export-sort-new = Newest
export-format = Format
export-format-csv = CSV (Excel)
export-format-xlsx = Excel workbook (XLSX)
export-format-json = JSON
export-format-ndjson = NDJSON (one idea per line)
export-privacy = Exports name members by their public handle only. Every export is recorded in the audit log.
export-download = Download
nav-exports = Export
err-export-challenge-unknown = There is no such challenge.
err-export-status-invalid = Choose states from the list.
err-export-min_supports-invalid = A whole number, 0 or more.
err-export-since-invalid = A date like 2026-11-01.
err-export-limit-range = A whole number from 1 to 1,000,000.
err-export-format-invalid = Choose a format from the list.
err-export-sort-invalid = Choose an order from the list.

## Refusals by their problem code (server/src/error/code.rs): problem-<code>, `-` for `_`
problem-bad-request = That request could not be understood.
problem-unauthenticated = Sign in to do this.
problem-invalid-token = Your session has ended; sign in again.
problem-bad-credentials = That handle or email and password do not match an account.
problem-forbidden = You are not allowed to do that.
problem-csrf = This form was sent without a valid security token. Go back, reload the page and try again.
problem-suspended = Your account is suspended; you cannot post or support.
problem-email-not-verified = Confirm your email address first: we sent you a link. You can ask for it again in your settings.
problem-moderators-only = Only moderators and admins can do that.
problem-product-team-only = Only the product team and admins can do that.
problem-admins-only = Only admins can do that.
problem-not-author = Only the author can do that.
problem-own-idea = You cannot support your own idea.
problem-own-content = You cannot do that with your own contribution.
problem-not-asker = Only the person who asked, or the product team, marks an answer as accepted.
problem-move-not-permitted = You may not move this idea to that state.
problem-terms-not-accepted = Please accept the updated terms and privacy notice first.
problem-staff-protected = Only admins can act on admins, moderators or the product team, or hide what they wrote.
problem-wrong-password = That password is not correct.
problem-not-found = That could not be found.
problem-challenge-not-open = This challenge has not opened yet.
problem-challenge-closed = This challenge is closed; supports and new ideas are no longer possible.
problem-vote-mode-locked = The vote mode and budget cannot change once members have supported ideas in this challenge.
problem-edit-locked = This idea can no longer be edited: it has supports or has left the support phase.
problem-edit-window-closed = The time to edit this has passed.
problem-question-has-answers = Others have answered this question already, so it stays.
problem-idea-not-gathering = This idea no longer gathers support.
problem-budget-used-up = You have used all your supports in this challenge; withdraw one to support another.
problem-state-changed = That move is not possible (any more). The page shows the current state.
problem-illegal-move = That move is not possible (any more). The page shows the current state.
problem-not-mergeable = Only ideas that gather support can be merged.
problem-not-merged = This idea is not merged.
problem-case-decided = This case has been decided already (or is not in the state this action needs).
problem-self-moderation = Moderators do not moderate themselves.
problem-hidden-by-moderator = This was hidden by a moderator and cannot be edited.
problem-raffle-too-late = A draw must be announced before the challenge closes.
problem-raffle-exists = This challenge already has a draw.
problem-draw-too-early = The draw takes place after the challenge closes.
problem-already-drawn = This draw has already taken place.
problem-staff-not-eligible = Staff accounts do not apply for product tests and are never drawn.
problem-level-too-low = This product test is open to members from a higher points level.
problem-not-a-tester = Only the testers drawn for this product test report on it.
problem-test-not-open = Applications for this product test have not opened yet.
problem-applications-closed = Applications for this product test are closed.
problem-test-locked = A product test cannot be changed once applications have opened.
problem-report-exists = You have already reported on this product test.
problem-report-too-late = The report's due date has passed.
problem-last-admin = This is the last admin; make another admin first.
problem-index-busy = The search index is being rebuilt elsewhere; try again shortly.
problem-method-not-allowed = That cannot be done this way.
problem-request-timeout = The form took too long to arrive; try again.
problem-unsupported-media-type = That request was sent in a form this site does not read.
problem-payload-too-large = That is larger than this form accepts.
problem-validation = Some fields are invalid.
problem-not-an-image = That file is not a picture we take: upload a JPEG, PNG, WebP or GIF.
problem-image-too-large = That picture is too large: at most 40 megapixels.
problem-rate-limited = Too many requests; wait a moment and try again.
problem-internal = Something went wrong on our side. It has been logged.
problem-unavailable = This is briefly unavailable; try again shortly.
problem-search-unavailable = Search is briefly unavailable; everything else works. Try again shortly.

## Mail
mail-hello = Hello { $handle },
mail-footer = You get this mail because you have an account on ideashelf.
mail-unsubscribe = Stop these mails
mail-link-fallback = If the button does not work, copy this link into your browser:
mail-verify-email-subject = Confirm your email address for ideashelf
mail-verify-email-body = Welcome to ideashelf! Please confirm that this is your address, so you can support ideas, submit your own, comment and share tips. The link works for { $hours } hours.
mail-verify-email-button = Confirm my address
mail-verify-email-note = If you did not sign up, ignore this mail: without confirmation nothing happens.
mail-account-exists-subject = You already have an ideashelf account
mail-account-exists-body = Someone (probably you) tried to sign up, or to move an account, with this address. There already is an account with it, under the handle above. If you forgot its password, set a new one here; the link works for one hour.
mail-account-exists-button = Set a new password
mail-account-exists-note = If this was not you, ignore this mail: your account stays as it is.
mail-password-reset-subject = Set a new ideashelf password
mail-password-reset-body = You asked for a new password. Choose one with the button below; the link works for { $minutes } minutes and only once.
mail-password-reset-button = Choose a new password
mail-password-reset-note = If you did not ask for this, ignore this mail: your password stays as it is.
mail-password-changed-subject = Your ideashelf password was changed
mail-password-changed-body = The password of your account was just changed, and every device that was signed in was signed out.
mail-password-changed-button = This was not me: reset my password
mail-password-changed-note = If you changed it yourself, there is nothing to do.
mail-email-change-subject = Confirm your new email address for ideashelf
mail-email-change-body = You asked to use { $email } for your ideashelf account. Confirm it with the button below; the link works for { $hours } hours. Until then, your old address stays in use.
mail-email-change-button = Confirm the new address
mail-email-change-note = If you did not ask for this, ignore this mail.
mail-email-changed-subject = Your ideashelf email address was changed
mail-email-changed-body = Your account now uses { $email }. Mail goes there from now on.
mail-email-changed-button = This was not me: reset my password
mail-email-changed-note = If you changed it yourself, there is nothing to do.

## Settings and account mail pages
nav-settings = Settings
login-forgot = Forgot your password?
banner-unverified = Confirm your email address to support, submit, comment, rate and share tips: we sent you a link.
banner-unverified-link = Send it again
notice-home = Back to the start page
verification-sent-title = Check your mail
verification-sent-text = We sent a link to the address you gave. Open it to confirm the address and sign in. If nothing arrives within a few minutes, look in your spam folder or register again.
reset-sent-title = Check your mail
reset-sent-text = If this address has an account, we sent it a link to choose a new password. The link works for one hour.
link-invalid-title = This link does not work any more
link-invalid-text = It was used already, replaced by a newer one, or it expired. Ask for a new one: sign in and open your settings, or use "Forgot your password?" on the sign-in page.
verify-email-title = Confirm your email address
verify-email-text = One click and your address is confirmed; you are signed in at once.
verify-email-button = Confirm my address
confirm-email-title = Confirm your new email address
confirm-email-text = Confirm to use this address for your account from now on.
confirm-email-button = Confirm the new address
forgot-title = Forgot your password?
forgot-lead = Enter the email address of your account. We will send you a link to choose a new password.
forgot-submit = Send the link
forgot-back = Back to sign in
reset-title = Choose a new password
reset-submit = Save the new password
settings-title = Settings
settings-email = Email address
settings-email-verified = confirmed
settings-email-unverified = not confirmed yet
settings-email-unverified-hint = Until you confirm your address you can read and edit your profile, but not support, submit, comment, rate or share tips.
settings-resend = Send the confirmation link again
settings-email-change = Change the address
settings-email-submit = Send a confirmation to the new address
settings-profile = Profile
settings-save = Save
settings-time-zone-site = The site's time zone ({ $zone })
settings-password = Password
settings-password-hint = Changing the password signs you out on every other device.
settings-password-submit = Change the password
settings-sessions = Sessions
field-language = Language
field-time-zone = Time zone
hint-time-zone = Times on pages and in mail are shown in this zone. Without a choice: { $zone }.
field-new-email = New email address
hint-new-email = We send a link to the new address; it changes once you confirm it.
field-current-password = Current password
field-new-password = New password
flash-settings-saved = Your settings are saved.
flash-password-changed = Your password is changed. Every other device was signed out.
flash-password-reset = Your new password is set and you are signed in. Every other device was signed out.
flash-email-confirmation-sent = We sent a confirmation link to the new address (if it already has an account, a note instead). Your address changes once you confirm.
flash-verification-sent = We sent the confirmation link again.
flash-email-verified = Your email address is confirmed. Welcome!
flash-email-changed = Your new email address is confirmed.
err-password-common = This password is on a list of common passwords; choose another.
err-password-same_as_login = A password cannot be your handle or email address.
err-new_password-too_short = A password has at least { $min } characters.
err-new_password-too_long = A password has at most { $max } characters.
err-new_password-common = This password is on a list of common passwords; choose another.
err-new_password-same_as_login = A password cannot be your handle or email address.
err-current_password-wrong = This is not your current password.
err-email_password-wrong = This is not your current password.
err-email-unchanged = This is already your address.
err-display_name-required = A display name cannot be empty.
err-time_zone-unknown = Choose a time zone from the list.
err-locale-invalid = Choose German or English.
## Privacy: the notice, the terms, consents, the data download, deleting the account
footer-links-label = About this site
footer-privacy = Privacy notice
footer-terms = Terms of use
footer-privacy-settings = Privacy settings
register-accept-terms = I accept the terms of use and have read the privacy notice.
register-optional-consents = Optional
err-accept_terms-required = Please accept the terms of use and the privacy notice to register.
err-terms_version-outdated = The terms have changed since this page was loaded; please read them again.
err-confirm-required = Tick the box to confirm that you want to delete your account.
consent-kind = { $kind ->
    [terms] Terms of use and privacy notice
    [product_news] Send me product news by email
   *[shipping_address_sharing] I may share a shipping address later for product tests
}
consent-given = given
consent-withdrawn = withdrawn
consent-given-at = Given on { $date }
consent-withdrawn-at = Withdrawn on { $date }
consent-version = version { $version }
terms-version-note = Version { $version }
privacy-title = Privacy notice
privacy-lead = What ideashelf stores about you, why, for how long, and what you can do about it.
privacy-stored-heading = What we store
privacy-stored-account = Your account: handle, display name, email address, a hash of your password (never the password itself), your language and your role.
privacy-stored-contributions = What you write: ideas, creator updates, comments, tips, ratings and reviews, reports you send.
privacy-stored-supports = Which ideas you support, with your answers to demand questions (would you buy it, at what price), your budget votes and your helpful marks.
privacy-stored-points = Your points, levels and badges, as an entry for each event that earned or took back points.
privacy-stored-notifications = The notifications in your inbox.
privacy-stored-sessions = Your sign-in sessions: when each started and until when it is valid.
privacy-stored-consents = Your consents: what you agreed to or withdrew, in which version and when.
privacy-stored-moderation = If a moderator acts on your content or account, the audit log records what was done and why.
privacy-why-heading = Why
privacy-why = We store your account to let you sign in, and your contributions, supports and points because they are the community platform itself: others read your ideas, counts and leaderboards must add up, and product teams decide with them. Your email address is used to sign in and is never shown to others; others see your handle and display name.
privacy-optional-heading = Optional consents
privacy-optional = Product news by email and sharing a shipping address for product tests are off unless you tick them. You can change them any time in your privacy settings; we keep a history of when you gave or withdrew them.
privacy-retention-heading = How long
privacy-retention = Your data is kept while your account exists. Sign-in sessions are deleted once they expire, or a day after you sign out. When you delete your account, your personal data is erased at once (see below).
privacy-rights-heading = Your rights
privacy-rights = You can download everything stored about you as one file in your privacy settings, correct your data, withdraw optional consents, and delete your account.
privacy-erasure = Deleting your account erases your email address, display name, password, consents, notifications and sessions, and replaces your handle with a pseudonym such as "deleted-7f3a…". Your public contributions stay under that pseudonym unless you choose to delete them too; your supports stay counted and your points stay in the ledger (without your name), so counts and leaderboards stay correct. Your email address can be used to register again.
privacy-contact-heading = Contact
privacy-contact = This site is run by its operator, who is responsible for your data. Contact them through the address given on their site for questions or requests about your data.
terms-title = Terms of use
terms-1 = Be respectful: no insults, spam or illegal content. Moderators may hide content and suspend accounts that break these rules.
terms-2 = Post only what you may share. By posting an idea, comment, tip or review you allow it to be shown on this site and used by the product teams to develop products.
terms-3 = One account per person. Keep your password to yourself.
terms-4 = Points, badges and prize draws are for fun and have no cash value; draws follow their published rules.
terms-5 = How we handle your data is described in the privacy notice. You can delete your account at any time.
terms-accept-title = The terms have changed
terms-accept-lead = Please read the updated terms of use and privacy notice (version { $version }) and accept them to continue writing. You can keep reading without accepting.
terms-accept-submit = Accept the terms
flash-terms-accepted = Thank you: you accepted the updated terms.
flash-consents-saved = Your consents are saved.
flash-account-deleted = Your account has been deleted.
privacy-settings-title = Privacy settings
privacy-settings-lead = Your consents, your data, your account.
consents-heading = Consents
consents-terms-accepted = You accepted the terms, version { $version }
consents-terms-outdated = The terms changed (version { $version }); please accept them again.
consents-save = Save consents
consents-history = History of your consents
export-my-data-heading = Download my data
export-my-data-lead = One JSON file with everything stored about you: profile, consents, ideas, comments, supports with your answers, ratings and reviews, tips, reports, points, badges, notifications and sessions.
export-my-data-button = Download my data
delete-account-heading = Delete my account
delete-account-lead = You will be signed out and cannot sign in again. Your email address, display name, password, consents and notifications are erased; your handle is replaced by a pseudonym. This cannot be undone.
delete-account-open = I want to delete my account
delete-account-contributions = Also delete my ideas, comments, tips and reviews (otherwise they stay under the pseudonym)
delete-account-confirm = Yes, delete my account for good.
delete-account-button = Delete my account

## Notification mail, digests, unsubscribe, notification settings
mail-notification-subject = { $text }
mail-notification-button = Open on ideashelf
mail-notification-note = You chose to get this by mail.
mail-notification-settings = Change what you get
mail-digest-daily-subject = Your ideashelf day
mail-digest-weekly-subject = Your ideashelf week
mail-digest-daily-intro = Here is what happened since yesterday ({ $count }):
mail-digest-weekly-intro = Here is what happened this week ({ $count }):
mail-digest-button = See all notifications
unsubscribe-title = Stop these mails?
unsubscribe-text = You will no longer hear about: { $kind }.
unsubscribe-kind = Stop these mails
unsubscribe-all = Stop all mail from ideashelf
unsubscribe-hint = Account mail (password resets, address confirmations) still comes when you ask for it. You can change everything in your settings.
unsubscribed-title = Done
unsubscribed-text = You will not get these notifications any more. You can turn them on again in your settings.
unsubscribed-all-title = Done
unsubscribed-all-text = You will get no more notification mail from ideashelf; your notifications stay in the app. You can change this in your settings.
settings-notifications = Notifications
settings-notifications-hint = For each kind: not at all, in the app, by mail at once, or in a daily or weekly digest.
settings-privacy = Privacy and your data
settings-privacy-text = Your consents, a copy of everything we store about you, and deleting your account:
settings-privacy-link = Privacy settings
channel-off = Off
channel-in-app = In the app
channel-email = By mail, at once
channel-daily = Daily digest
channel-weekly = Weekly digest
notif-kind-status-changed = Status changes of my and supported ideas
notif-kind-reply = Replies to my comments
notif-kind-comment = Comments on my ideas
notif-kind-creator-update = Updates from idea creators
notif-kind-tier-reached = Support milestones
notif-kind-merged = Merged ideas
notif-kind-moderation = Moderation of my contributions
notif-kind-badge-awarded = Badges I earn
notif-kind-raffle-won = Prizes I win
notif-kind-test-selected = Product tests I am drawn for
notif-kind-test-report-due = Reminders of test reports due
notif-kind-review-spike = Review spikes (product team)
notif-kind-answer = Answers to my product questions
notif-kind-product-question = New questions about products I follow
notif-kind-all = All notifications

## Pictures
pictures-legend = Pictures
pictures-hint = JPEG, PNG, WebP or GIF, up to 10 MB each; at most { $limit }. The first is the cover.
pictures-add = Add pictures
picture-alt = Describe this picture
picture-new-alt = Describe the new picture
picture-alt-hint = What it shows, for those who cannot see it (1–300 characters).
picture-order = Position
picture-remove = Remove
picture-hidden = A moderator hid this picture; only you and moderators see it.
picture-count = { $count ->
    [one] 1 picture
   *[other] { $count } pictures
}
gallery-label = Pictures
avatar-of = Picture of { $name }
err-images-too_many = At most { $max } pictures.
err-images-duplicate = A picture is listed twice.
err-images-unknown = That picture no longer exists; upload it again.
err-images-not_yours = Attach only pictures you uploaded.
err-images-in_use = That picture is already shown elsewhere; upload it again.
err-images-hidden = A moderator hid one of these pictures; remove it.
err-images-alt_missing = Describe each picture for those who cannot see it (alt text).
err-images-required = Describe each picture for those who cannot see it (alt text).
err-images-too_long = Alt text has at most 300 characters.
err-images-too_many_files = At most 8 pictures at once.
report-image = Report this picture
settings-avatar = Your picture
settings-avatar-hint = Shown next to your name. JPEG, PNG, WebP or GIF, up to 10 MB.
settings-avatar-remove = Remove my picture
## Browsing (issue 16)
nav-ideas = Ideas
nav-challenges = Challenges
ideas-title = Ideas
ideas-lead = Every published idea. Filter by challenge, status, tag or product, and sort them your way.
ideas-filter-challenge = Challenge
ideas-filter-all-challenges = All challenges
ideas-filter-status = Status
ideas-filter-any-status = Any status
ideas-filter-tag = Tag
ideas-filter-tag-hint = One tag, without the #.
ideas-filter-product = Became the product
ideas-filter-any-product = Any product
ideas-results = Ideas found
ideas-none = No ideas yet.
ideas-none-filtered = No idea matches these filters.
ideas-chip-challenge = Challenge: { $challenge }
ideas-chip-product = Product: { $product }
err-ideas-sort-invalid = There is no such order.
err-ideas-status-invalid = There is no such status.
err-ideas-tag-invalid = A tag uses letters, digits, “-” and “_” (at most 30).
err-ideas-cursor-invalid = This page link is no longer valid; start from the first page.
err-ideas-limit-range = This page size is not offered.
challenges-title = Challenges
challenges-lead = What brands ask for now, what comes next, and what came of past challenges.
challenges-open = Open now
challenges-upcoming = Coming up
challenges-past = Past challenges
challenges-none-open = No challenge is open right now.
challenges-none-upcoming = No challenge is planned yet.
challenges-none-past = No challenge has closed yet.
challenge-closed-on = Closed
challenges-outcome = What came of it
challenges-reached-review = Ideas that reached review
challenges-approved = Approved
challenges-on-shelf = Made it to the shelf
challenges-winners = Prize draw winners:
challenges-raffle-pending = The prize draw has not been held yet.
member-mine-heading = My ideas
member-mine-private = Only you see this part.
member-waiting-heading = Waiting for review or not published
member-waiting-none = None of your ideas is waiting or was turned down.
member-supported-heading = Ideas I support
member-supported-none = You do not support any idea yet.
member-ideas-heading = Ideas
member-ideas-none = No published ideas yet.
member-tips-heading = Tips
member-tips-none = No tips yet.
member-newest-shown = { $count ->
    [one] The newest is shown.
   *[other] The newest { $count } are shown.
}
support-budget-left = { $count ->
    [0] You have no votes left of your { $total } in this challenge.
    [one] You have one vote left of your { $total } in this challenge.
   *[other] You have { $shown } votes left of your { $total } in this challenge.
}
raffle-plain-announced = { $prizes ->
    [one] One prize will be drawn after the challenge closes on { $date }.
   *[other] { $prizes } prizes will be drawn after the challenge closes on { $date }.
}
raffle-plain-drawn = { $prizes ->
    [one] The prize was drawn on { $date } among { $count } participants. The winner:
   *[other] { $prizes } prizes were drawn on { $date } among { $count } participants. The winners, in the order drawn:
}
raffle-plain-who = Who may win: every member who, while the challenge was open, submitted an idea to it that was published or supported an idea in it. Staff accounts and suspended members take no part.
raffle-how-to-check = How to check this draw
raffle-prize-names = The prizes by name
raffle-prize-names-hint = One prize a line, first place first. Places without a name are simply “a prize”.
flash-err-raffle-prize-names = Name at most as many prizes as are drawn, each in 1 to 80 characters.
edit-idea-title = Edit your idea
edit-idea-save = Save changes
edit-idea-link = Edit
flash-idea-saved = Your idea is saved.

# Registration: the bot checks (the refusal says nothing about which check failed)
register-not-accepted = We could not accept this form. Please check it and send it again.
register-honeypot = Leave this field empty.

# Write limits: when the member may write again
error-429-wait-seconds = You can do this again in { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
}.
error-429-wait-minutes = You can do this again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.

## Audit log (moderators and admins)
audit-title = Audit log
audit-lead = What moderators, the product team and admins did, newest first: who, what, on what, and why.
audit-actor = Who
audit-action = Action
audit-subject-type = Subject type
audit-any-subject = Any subject
audit-subject-id = Subject id
audit-from = From
audit-to = Until
audit-results = Entries
audit-when = When
audit-subject = { $kind ->
    [idea] Idea
    [comment] Comment
    [review] Review
    [tip] Tip
    [image] Picture
    [user] Member
    [product] Product
    [challenge] Challenge
   *[other] { $kind }
}
audit-subject-heading = Subject
audit-reason = Reason
audit-same-subject = Every entry about this subject
audit-empty = No entries match these filters.
audit-role = { $role ->
    [moderator] Moderator
    [product_team] Product team
    [admin] Admin
   *[member] Member
}
err-from-invalid = A day (YYYY-MM-DD) or a time.
err-to-invalid = A day (YYYY-MM-DD) or a time.

## Members and roles (admins)
members-title = Members and roles
members-lead = Find a member by handle and change their role. The last active admin stays an admin.
members-search = Search
members-handle = Handle
members-role = Role
members-any-role = Any role
members-search-button = Search
members-results = Members
members-suspended = suspended
members-role-of = Role of @{ $handle }
members-change = Change role
members-empty = No member matches.
members-refused = This search cannot be shown; start a new one.
member-role = { $role ->
    [moderator] Moderator
    [product_team] Product team
    [admin] Admin
   *[member] Member
}

rings-title = Suspected vote rings
rings-lead = Groups of accounts the trust scan found supporting the same ideas far more than chance, newest first, and ideas held before a tier.
rings-cases = Cases
rings-found = Found
rings-status = Status
rings-accounts = Accounts
rings-score = Score
rings-empty = No suspected rings.
rings-holds = Held ideas
rings-held = { $flagged } of { $supports } supports flagged when it reached its tier.
rings-no-holds = No idea is held.
ring-title = Suspected vote ring
ring-lead = { $accounts } accounts, { $supports } flagged supports standing, score { $score }.
ring-status = { $status ->
    [voided] Voided
    [cleared] Cleared
   *[open] Open
}
ring-signals = Signals
ring-signal = { $name ->
    [accounts] Accounts
    [pushed_ideas] Ideas pushed
    [target_share] Share of their supports on those ideas
    [coverage] Coverage
    [lift] Times the community's rate
    [co_support_density] Co-support density
    [signup_burst] Registered in a burst
    [shared_device] Sharing a device
    [young_accounts] Young accounts
    [synchronized] Synchronized supports
    [support_only] Accounts that only support
   *[near_threshold] Supports just below a tier
}
ring-graph = Accounts and the ideas they supported
ring-ideas = What voiding changes
ring-idea = Idea
ring-author = Author
ring-supports-now = Supports now
ring-flagged = Flagged
ring-supports-after = After voiding
ring-author-points = Author's points
ring-accounts = Accounts
ring-account = Account
ring-joined = Joined
ring-suspended = Suspended
ring-void-hint = Voiding removes the flagged supports and their points, recomputes counts and tiers, suspends the accounts and tells the authors. Clearing keeps everything and does not flag these accounts again.
ring-void = Void the ring
ring-clear = Not a ring: clear
ring-restore = Restore the accounts
ring-release = Release
flash-ring-void = The ring is voided.
flash-ring-clear = The case is cleared.
flash-ring-restore = The accounts are restored.
flash-ring-release = The idea is released.
flash-ring-reason = Give a reason.
moderation-rings-link = Suspected vote rings and held ideas

## Product questions and answers
questions-heading = Questions and answers
questions-filter-label = Show questions
questions-sort-label = Order of questions
questions-filter-all = All
questions-filter-unanswered = Unanswered
questions-filter-answered = Answered
questions-filter-official = Answered by the team
questions-sort-new = Newest
questions-sort-helpful = Most helpful
questions-answers = { $count ->
    [one] 1 answer
   *[other] { $count } answers
}
questions-empty = No questions yet. Ask the first one!
questions-more = More questions
questions-ask-heading = Ask a question about this product
questions-ask-submit = Ask
questions-sign-in = Sign in to ask a question
questions-team-average = Answered by the team within { $days ->
    [1] 1 day
   *[other] { $days } days
} on average
field-question-title = Your question
hint-question-title = { $min } to { $max } characters.
field-question-body = Details (optional)
field-answer-body = Your answer
question-kicker = Question
question-by = asked by { $author }
question-edited = edited
question-edit = Edit
question-save = Save changes
question-delete = Delete
question-delete-confirm = Delete this question for good? This cannot be undone.
edit-window-until = You can edit or delete it until
answer-official = Official answer
answer-accepted = Accepted answer
answer-accept = Mark as accepted
answer-unaccept = Unmark accepted
answer-delete = Delete
answers-empty = No answers yet.
answer-heading = Answer this question
answer-submit = Post answer
answer-sign-in = Sign in to answer
report-question = Report this question
report-answer = Report this answer
product-follow = Follow this product
product-unfollow = Stop following
flash-question-asked = Your question is up. You will hear of each answer.
flash-question-edited = Your question is saved.
flash-question-deleted = Your question is deleted.
flash-answer-posted = Thank you for your answer.
flash-answer-edited = Your answer is saved.
flash-answer-deleted = Your answer is deleted.
flash-answer-accepted = The answer is marked as accepted.
flash-answer-unaccepted = The answer is no longer marked as accepted.
flash-answer-helpful = Thanks — marked as helpful.
flash-answer-unhelpful = Your “helpful” is taken back.
flash-product-followed = You follow this product: you will hear of new questions about it.
flash-product-unfollowed = You no longer follow this product.
flash-reported-question-hidden = Thank you. The question is hidden until a moderator decides.
err-question-title-too_short = A question has at least { $min } characters.
err-question-title-too_long = A question has at most { $max } characters.
err-question-body-required = Write the answer first.
err-question-body-too_long = At most { $max } characters.
dashboard-questions-heading = Questions waiting for an official answer
dashboard-questions-empty = Every question has an official answer.
dashboard-questions-waited = { $days ->
    [0] waiting { $hours } h
    [one] waiting 1 day
   *[other] waiting { $days } days
}
# Product tests (docs/PRODUCT_TESTS.md)
ptest-heading = Product tests
ptest-none = No product tests for this product yet.
ptest-new = New product test
ptest-create = Create the test
ptest-tested-in = Tested in “{ $test }”
ptest-pros = Pros
ptest-cons = Cons
ptest-phase = { $phase ->
    [upcoming] Upcoming
    [open] Open for applications
    [closed] Applications closed
   *[drawn] Testers drawn
}
ptest-list-title = Product tests
ptest-list-lead = Apply to test new products before they reach the shelf. A fair draw anyone can check picks the testers; who missed out before weighs more next time.
ptest-open-now = Open for applications
ptest-none-open = No product test is open for applications right now.
ptest-other = Other product tests
ptest-units = { $count ->
    [one] one tester
   *[other] { $count } testers
}
ptest-applicants = { $count ->
    [one] one applicant
   *[other] { $count } applicants
}
ptest-reports = { $count ->
    [one] one report
   *[other] { $count } reports
}
ptest-of-product = A test of
ptest-units-label = Testers
ptest-applicants-label = Applicants
ptest-apply-from = Applications open
ptest-apply-until = Applications close
ptest-report-due = Report due
ptest-min-level = From points level
ptest-apply-heading = Apply
ptest-status = { $status ->
    [applied] You applied. The testers are drawn after applications close.
    [selected] You were drawn as a tester!
   *[not_selected] You were not drawn this time; you weigh more in the next draw.
}
ptest-selected-note = The product is shipped to the address you gave. Please write your report before it is due.
ptest-your-pseudonym = Your pseudonym in the published draw:
ptest-your-weight = your weight:
ptest-address = Shipping address
ptest-address-hint = Kept only if you agree below, only for the testers drawn, and deleted 30 days after the report is due.
ptest-consent = I agree that my address is kept to ship the product to me if I am drawn.
ptest-apply = Apply
ptest-change = Change my application
ptest-withdraw = Withdraw my application
ptest-sign-in = Sign in to apply
ptest-not-open = Applications are not open.
ptest-team-heading = For the product team
ptest-draw = Draw the testers
ptest-tester = Tester
ptest-reported = Reported
ptest-yes = yes
ptest-no = no
ptest-shipping-list = Download the shipping list (CSV)
ptest-draw-heading = The draw
ptest-draw-explained = The testers are drawn by weight from the published list of pseudonymous applicants; the seed was committed to when the test was created and is revealed at the draw, so anyone can recompute the result.
ptest-product = Product (slug or id)
ptest-description = Description
ptest-utc = Times are in UTC.
ptest-questions = Application questions
ptest-report-questions = Report questions
ptest-questions-hint = One a line: key | label | text, number or choice | options separated by ; (for a choice)
ptest-error-required = Please fill this in.
ptest-error-length = This is too short or too long.
ptest-error-too-long = This is too long.
ptest-error-invalid = This is not valid.
ptest-error-unknown = There is no such thing.
ptest-error-range = This number is out of range.
ptest-error-too-many = There are too many.
ptest-error-duplicate = There is a duplicate.
ptest-error-before-start = Applications must close after they open.
ptest-error-before-close = The report must be due after applications close.
flash-ptest-applied = Your application is saved.
flash-ptest-withdrawn = Your application is withdrawn.
flash-ptest-drawn = The testers are drawn and notified.
flash-ptest-created = The product test is created; its seed commitment is public.
nav-product-tests = Product tests
ptest-edit = Change the test
ptest-save = Save the test
flash-ptest-updated = The product test is changed.
## Staff picks and fan votes (issue 19)
nav-fan-votes = Fan votes
staff-pick-badge = Staff pick
staff-pick-make = Make it a staff pick
staff-pick-edit = Change the staff pick
field-pick-note = Why the team picked it (public)
hint-pick-note = One or two sentences, at most { $max } characters; shown on the idea's page.
staff-pick-submit = Save the staff pick
staff-pick-remove = Take the staff pick back
flash-picked = The idea is a staff pick.
flash-unpicked = The staff pick was taken back.
ideas-filter-staff-pick = Staff picks only
ideas-chip-staff-pick = Staff picks
notif-staff_pick = The product team made your idea “{ $title }” a staff pick!
notif-kind-staff-pick = My ideas picked by the staff
timeline-fan-vote-won = Won the fan vote “{ $title }” with { $votes } of { $total } votes.
err-pick-note-length = A staff pick's note has 1 to { $max } characters.
problem-pick-not-public = Only a published idea that members can see can be a staff pick.
fan-votes-title = Fan votes
fan-votes-lead = The product team picks finalists; you choose the favourite. One vote each, changeable until the vote closes.
fan-votes-open = Open now
fan-votes-none-open = No fan vote is open right now.
fan-votes-scheduled = Coming up
fan-votes-closed = Closed
fan-vote-state = { $state ->
    [open] Open
    [scheduled] Coming up
    [cancelled] Cancelled
   *[closed] Closed
}
fan-vote-finalists = Finalists
fan-vote-winner = Winner
fan-vote-opens = Opens
fan-vote-closes = Closes
fan-vote-closed-at = Closed
fan-vote-results-live = Results are shown live.
fan-vote-results-after-close = Results are shown when the vote closes.
fan-vote-sign-in = Sign in to vote.
fan-vote-choose = Choose your favourite
fan-vote-choose-this = My favourite: { $title }
fan-vote-your-choice = Your vote
fan-vote-cast = Vote
fan-vote-change = Change my vote
fan-vote-withdraw = Withdraw my vote
fan-vote-results = Results so far
fan-vote-final-results = Final results
fan-vote-total = { $count ->
    [one] { $shown } vote in all
   *[other] { $shown } votes in all
}
fan-vote-votes = { $count ->
    [one] { $shown } vote
   *[other] { $shown } votes
}
fan-vote-results-not-yet = The vote has not opened yet.
fan-vote-results-hidden = The counts stay hidden until the vote closes.
fan-vote-cancel = Cancel this fan vote
fan-vote-new-title = New fan vote
fan-vote-new-lead = Choose { $min } to { $max } published ideas as finalists. An idea can be in one open or upcoming vote at a time.
fan-vote-create = Create the fan vote
field-fan-vote-title = Title
field-fan-vote-finalists = Finalists
hint-fan-vote-finalists = Tick { $min } to { $max } ideas (★: staff pick).
field-fan-vote-opens = Opens at
field-fan-vote-closes = Closes at
field-fan-vote-show-results = Results
flash-fan-vote-cast = Your vote counts. You can change it until the vote closes.
flash-fan-vote-withdrawn = Your vote was withdrawn.
flash-fan-vote-cancelled = The fan vote was cancelled.
flash-fan-vote-created = The fan vote was created.
err-fanvote-title-length = A title has { $min } to { $max } characters.
err-fanvote-idea_ids-count = Choose { $min } to { $max } finalists.
err-fanvote-idea_ids-duplicate = Each finalist counts once.
err-fanvote-idea_ids-invalid = One of the finalists is not an idea.
err-fanvote-opens_at-invalid = Enter a date and time.
err-fanvote-closes_at-invalid = Enter a date and time.
err-fanvote-closes_at-order = The vote closes after it opens.
err-fanvote-closes_at-range = A fan vote lasts at most { $max } days.
err-fanvote-closes_at-past = The closing time is in the past.
err-fanvote-show_results-invalid = Choose when the results show.
err-fanvote-idea_id-not_finalist = Choose one of the finalists.
problem-finalist-not-eligible = A finalist must be a published idea that members can see.
problem-finalist-in-other-vote = One of these ideas is already a finalist of an open or upcoming fan vote.
problem-fan-vote-started = This fan vote has opened or was cancelled; it can no longer change.
problem-fan-vote-not-open = This fan vote has not opened yet.
problem-fan-vote-closed = This fan vote has closed.
problem-staff-cannot-vote = Staff do not vote in fan votes.
## Private feedback and the review board (docs/REVIEW.md)
problem-not-evaluator = You are not assigned to evaluate this idea.
problem-criteria-locked = An idea of this board has reached review: its criteria no longer change.
problem-not-in-review = The idea is not in review (any more).
problem-evaluations-incomplete = Not every evaluator has submitted yet. An admin may decide anyway.
review-criterion-brand-fit = Brand fit
review-criterion-feasibility = Feasibility
review-criterion-demand = Demand
review-criterion-originality = Originality
memo-heading = Decision memo
memo-above-bar = above our bar
memo-below-bar = below our bar
memo-explained = How the product team's evaluations came out on each criterion (a mean of 3 out of 5 or more is above our bar).
feedback-originality = Originality
feedback-execution = Execution (technique)
feedback-detail = Detail
feedback-presentation = Presentation
feedback-heading = Private feedback
feedback-author-lead = { $count ->
    [0] No one has given you private feedback on this idea yet. Only you see it here, without names.
    [one] One member gave you private feedback. Only you see it, without names.
   *[other] { $count } members gave you private feedback. Only you see it, without names.
}
feedback-criterion = Criterion
feedback-mean = Mean
feedback-count = Ratings
feedback-notes = Notes
feedback-member-lead = Help the creator privately: only they see your scores (1 to 5) and your note, as a summary without your name.
feedback-choose = Choose…
feedback-note = Note for the creator
feedback-note-hint = Markdown, at most { $max } characters. Be kind and specific.
feedback-give = Send feedback
feedback-change = Change my feedback
flash-feedback-saved = Thank you: your feedback reached the creator.
flash-feedback-invalid = Score every criterion from 1 to 5; a note has at most 2000 characters.
flash-eval-saved = Your evaluation is saved.
flash-eval-recused = You recused yourself; another evaluator is assigned if one is free.
flash-criteria-saved = The review criteria are saved.
eval-link = Evaluations on the review board
eval-title = Evaluation
eval-lead = { $submitted } submitted, { $pending } still open.
eval-mine = Your evaluation
eval-blind = Blind until you submit: you do not see the other evaluators' scores yet.
eval-submitted = Submitted. You may change it until the decision.
eval-weight = weight { $weight }
eval-note = Private note for the product team
eval-no-conflict = I have no conflict of interest with this idea or its author.
eval-submit = Submit evaluation
eval-recuse = Recuse myself (conflict of interest)
eval-others = Evaluators
eval-others-hidden = Their scores appear once you have submitted yours.
eval-status = { $status ->
    [assigned] open
    [submitted] submitted
   *[recused] recused
}
eval-none = No other evaluator.
eval-error-conflict = Declare that you have no conflict of interest, or recuse yourself.
eval-error-scores = Score every criterion from 1 to 5 (a note has at most 2000 characters).
calibration-heading = Calibration
calibration-weighted = Weighted score
calibration-range = Range
calibration-spread = Spread
calibration-outliers = Far from the others
calibration-others = the others: { $mean }
rboard-title = Review board
rboard-lead = Ideas in review, ranked by their weighted score (0–100) from the submitted evaluations.
rboard-idea = Idea
rboard-evaluations = Evaluations
rboard-blind = after your evaluation
rboard-counts = { $submitted } submitted, { $pending } open
rboard-empty = No idea is in review.
criteria-open-link = Review criteria of the open board
criteria-title = Review criteria
criteria-open-board = open board
criteria-lead = Each criterion gets a weight; the weights sum to 100. They can change until the first idea of the board reaches review.
criteria-locked = An idea of this board has reached review: these criteria no longer change.
criteria-invalid = Check the criteria: keys in snake_case, each once, weights from 1 to 100 that sum to 100.
criteria-defaults = These are the defaults; saving makes them this board's own.
criteria-key = Key
criteria-label = Name
criteria-weight = Weight
criteria-save = Save criteria
notif-feedback_received = { $count ->
    [one] New private feedback on “{ $title }”
   *[other] { $count } new private feedbacks on “{ $title }”
}
move-override-evaluations = Decide although not every evaluator has submitted (admins)
ptest-write-report = Write your test report
ptest-you-reported = You reported on
ptest-see-review = See your review on the product page
ptest-report-title = Your test report
ptest-report-lead = Tell others how { $product } did in your test. Your report becomes your review of the product. Due:
ptest-report-stars = Your rating
ptest-report-star = { $count ->
    [one] 1 star
   *[other] { $count } stars
}
ptest-report-pros = What was good
ptest-report-cons = What was not so good
ptest-report-text = Your report
ptest-report-submit = Send the report
flash-ptest-reported = Thank you! Your test report is published as your review.

## Webhooks (docs/WEBHOOKS.md)
problem-webhook-target-refused = This address leads to a loopback, private, link-local or metadata address. Webhooks go to public addresses only.
problem-webhook-target-unresolvable = This address's host does not resolve. Check its spelling.
notif-webhook_disabled = The webhook to { $url } failed for a day and was turned off.
webhooks-title = Webhooks
webhooks-lead = Send the platform's events, signed, to the tools your organisation already uses.
webhooks-secret-heading = The signing secret
webhooks-secret-once = Copy the secret for { $url } now: it is shown only this once. Check each delivery's signature with it.
webhooks-new = New endpoint
webhooks-url = URL (http or https, a public address)
webhooks-description = Description
webhooks-events = Events
webhooks-create = Register the endpoint
webhooks-list = Endpoints
webhooks-enabled = On
webhooks-disabled = Off
webhooks-disabled-failing = Turned off after a day of failed deliveries.
webhooks-deliveries = Delivery log
webhooks-save-events = Save the events
webhooks-enable = Turn on
webhooks-disable = Turn off
webhooks-rotate = New secret
webhooks-delete = Delete
webhooks-empty = No endpoints yet.
webhooks-deliveries-title = Webhook deliveries
webhooks-back = Back to the webhooks
webhooks-col-event = Event
webhooks-col-status = Status
webhooks-col-attempts = Attempts
webhooks-redeliver = Send again
webhooks-status = { $status ->
    [delivered] Delivered
    [failed] Failed
   *[pending] Waiting
}
webhooks-ms = { $ms } ms
webhooks-deliveries-empty = Nothing sent yet.
flash-webhook-saved = The endpoint was saved.
flash-webhook-deleted = The endpoint was deleted.
flash-webhook-redelivered = The message will be sent again.
nav-webhooks = Webhooks
## Atom feeds and challenge news (docs/FEEDS.md)
feed-ideas-title = ideashelf: new ideas
feed-challenge-ideas-title = New ideas in “{ $challenge }”
feed-timeline-title = Timeline of “{ $idea }”
feed-news-title = News of “{ $challenge }”
feed-product-reviews-title = Reviews of { $product }
feed-reviews-title = ideashelf: new product reviews
feed-event-title = Status: { $status }
feed-update-title = Update: { $title }
feed-review-untitled = Review by { $author }
feed-review-stars = { $stars } of 5 stars
feed-ideas-link = New ideas (Atom feed)
feed-challenge-ideas-link = New ideas in this challenge (Atom feed)
feed-news-link = News of this challenge (Atom feed)
feed-timeline-link = This idea's timeline (Atom feed)
feed-product-reviews-link = New reviews of this product (Atom feed)
feed-reviews-link = New reviews of all products (Atom feed)
news-heading = News
news-empty = No news yet.
news-scheduled = Scheduled
news-new-title = Post news
news-edit-title = Edit the news
news-field-title = Title
news-field-body = Text
news-field-body-hint = Markdown: **bold**, *italic*, lists and links.
news-post = Post the news
news-save = Save
news-edit = Edit
news-delete = Delete
news-back = Back to the challenge
flash-news-posted = The news is posted.
flash-news-saved = The news is saved.
flash-news-deleted = The news is deleted.
## Single sign-on (docs/ACCOUNTS.md, "Single sign-on")
sso-sign-in-with = Sign in with { $name }
sso-or = or with your password
sso-refused-title = Signing in did not work
sso-try-again = Back to signing in
sso-finish-title = Almost done
sso-register-lead = You signed in with { $name } as { $email }. Choose your handle (others see it next to what you write) and accept the terms.
sso-register-submit = Create my account
sso-link-lead = An account with { $email } exists here. Enter its password once to link { $name } to it; from then on, { $name } signs you in.
sso-link-submit = Link and sign in
login-sso-only = This site signs you in through your organisation's account.
register-sso-only = This site creates accounts through your organisation's sign-in: use the button above.
settings-sign-in = Ways to sign in
settings-sso-password-set = You can sign in with your password.
settings-sso-password-none = You have no password here; you sign in through a linked provider.
settings-sso-linked = linked since
settings-sso-link = Link { $name }
settings-sso-unlink = Unlink { $name }
flash-sso-linked = The provider is linked to your account.
flash-sso-unlinked = The provider is unlinked from your account.
problem-password-signin-disabled = This site signs in only through single sign-on.
problem-oidc-provider-unavailable = The sign-in provider does not answer right now. Try again in a few minutes.
problem-oidc-state-invalid = This sign-in is not the one this browser started, or it took too long. Start again.
problem-oidc-sign-in-failed = The provider did not complete the sign-in (it was cancelled or refused).
problem-oidc-id-token-invalid = The provider's answer did not pass our checks, so we did not sign you in.
problem-oidc-domain-not-allowed = This provider signs in only addresses of its organisation.
problem-oidc-email-missing = The provider did not tell us your email address; an account needs one.
problem-oidc-email-unverified = An account with this address exists, and the provider does not confirm the address. Sign in with your password and link the provider in your settings.
problem-oidc-link-from-settings = An account with this address exists. Sign in the way you usually do and link the provider in your settings.
problem-oidc-identity-taken = This account at the provider is linked to another member.
problem-last-sign-in-method = This is your last way to sign in. Set a password or link another provider first.
