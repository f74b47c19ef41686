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
