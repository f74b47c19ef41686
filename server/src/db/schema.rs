//! Table definitions shared by both backends. Only types both share: TEXT ids,
//! `Timestamp` (UTC, no zone), Integer, Double, Nullable.

diesel::table! {
    users (id) {
        id -> Text,
        handle -> Text,
        handle_key -> Text,
        email -> Text,
        email_key -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        locale -> Nullable<Text>,
        suspended_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        points -> BigInt,
        points_at -> Nullable<Timestamp>,
        erased_at -> Nullable<Timestamp>,
        email_verified_at -> Nullable<Timestamp>,
        time_zone -> Nullable<Text>,
        avatar_image_id -> Nullable<Text>,
    }
}

diesel::table! {
    point_entries (id) {
        id -> Text,
        user_id -> Text,
        amount -> Integer,
        rule -> Text,
        cause_type -> Text,
        cause_id -> Text,
        reverses -> Nullable<Text>,
        created_at -> Timestamp,
        subject_id -> Nullable<Text>,
        challenge_id -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    point_totals (scope, user_id) {
        scope -> Text,
        user_id -> Text,
        points -> BigInt,
        reached_at -> Timestamp,
    }
}

diesel::table! {
    point_counts (scope, points, id) {
        scope -> Text,
        points -> BigInt,
        id -> Text,
        members -> Integer,
    }
}

diesel::table! {
    job_marks (name) {
        name -> Text,
        mark -> Timestamp,
    }
}

diesel::table! {
    point_pending (entry_id) {
        entry_id -> Text,
        user_id -> Text,
        amount -> Integer,
        rule -> Text,
        challenge_id -> Nullable<Text>,
        created_at -> Timestamp,
        balance_from -> BigInt,
        balance_to -> BigInt,
    }
}

diesel::table! {
    point_windows (scope) {
        scope -> Text,
        day_from -> Timestamp,
    }
}

diesel::table! {
    user_badges (user_id, badge) {
        user_id -> Text,
        badge -> Text,
        awarded_at -> Timestamp,
    }
}

diesel::table! {
    challenges (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        brief -> Text,
        brief_html -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        support_threshold -> Integer,
        vote_mode -> Text,
        vote_budget -> Nullable<Integer>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        support_tiers -> Text,
        premoderation -> Bool,
        price_bands -> Text,
    }
}

diesel::table! {
    ideas (id) {
        id -> Text,
        challenge_id -> Nullable<Text>,
        author_id -> Text,
        title -> Text,
        summary -> Text,
        body -> Text,
        body_html -> Text,
        status -> Text,
        supports_count -> Integer,
        comments_count -> Integer,
        trend_score -> Double,
        last_supported_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        tier -> Integer,
        tier_deadline -> Nullable<Timestamp>,
        status_changed_at -> Nullable<Timestamp>,
        merged_into -> Nullable<Text>,
        product_ref -> Nullable<Text>,
        hidden_at -> Nullable<Timestamp>,
        open_reports -> Integer,
        status_reason -> Nullable<Text>,
        status_note -> Nullable<Text>,
    }
}

diesel::table! {
    idea_tags (idea_id, tag) {
        idea_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    supports (idea_id, user_id) {
        idea_id -> Text,
        user_id -> Text,
        challenge_id -> Nullable<Text>,
        created_at -> Timestamp,
        merged_from -> Nullable<Text>,
        would_buy -> Nullable<Text>,
        price_band -> Nullable<Text>,
    }
}

diesel::table! {
    vote_budgets (user_id, challenge_id) {
        user_id -> Text,
        challenge_id -> Text,
        used -> Integer,
    }
}

diesel::table! {
    comments (id) {
        id -> Text,
        idea_id -> Text,
        parent_id -> Nullable<Text>,
        author_id -> Text,
        body -> Text,
        body_html -> Text,
        hidden_at -> Nullable<Timestamp>,
        edited_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        open_reports -> Integer,
        moved_from -> Nullable<Text>,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idea_events (id) {
        id -> Text,
        idea_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_id -> Nullable<Text>,
        actor_role -> Text,
        note -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idea_updates (id) {
        id -> Text,
        idea_id -> Text,
        author_id -> Text,
        title -> Text,
        body -> Text,
        body_html -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        target_type -> Text,
        target_id -> Text,
        reporter_id -> Text,
        reason -> Text,
        status -> Text,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Nullable<Text>,
        actor_handle -> Text,
        actor_role -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        reason -> Nullable<Text>,
        details -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> Text,
        kind -> Text,
        idea_id -> Nullable<Text>,
        data -> Text,
        read_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        mail_pending -> Bool,
    }
}

diesel::table! {
    notification_settings (user_id, kind) {
        user_id -> Text,
        kind -> Text,
        channel -> Text,
    }
}

diesel::table! {
    digests (user_id, period) {
        user_id -> Text,
        period -> Text,
        sent_until -> Timestamp,
    }
}

diesel::table! {
    products (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        name_key -> Text,
        brand -> Text,
        category -> Text,
        description -> Text,
        description_html -> Text,
        image_ref -> Nullable<Text>,
        gtin -> Nullable<Text>,
        available -> Bool,
        idea_id -> Nullable<Text>,
        ratings_count -> Integer,
        ratings_sum -> Integer,
        rating_avg -> Double,
        stars_1 -> Integer,
        stars_2 -> Integer,
        stars_3 -> Integer,
        stars_4 -> Integer,
        stars_5 -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ratings (id) {
        id -> Text,
        product_id -> Text,
        user_id -> Text,
        stars -> Integer,
        title -> Text,
        body -> Text,
        body_html -> Text,
        helpful_count -> Integer,
        open_reports -> Integer,
        hidden_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        product_test_id -> Nullable<Text>,
    }
}

diesel::table! {
    review_helpful (rating_id, user_id) {
        rating_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    product_alerts (id) {
        id -> Text,
        product_id -> Text,
        kind -> Text,
        low_ratings -> Integer,
        window_hours -> Integer,
        usual_rate -> Double,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Text>,
    }
}

diesel::table! {
    tips (id) {
        id -> Text,
        author_id -> Text,
        product_id -> Nullable<Text>,
        title -> Text,
        body -> Text,
        body_html -> Text,
        helpful_count -> Integer,
        open_reports -> Integer,
        hidden_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    images (id) {
        id -> Text,
        owner_id -> Text,
        alt -> Text,
        width -> Integer,
        height -> Integer,
        subject_kind -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        position -> Integer,
        open_reports -> Integer,
        hidden_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    image_variants (image_id, variant) {
        image_id -> Text,
        variant -> Text,
        file_key -> Text,
        width -> Integer,
        height -> Integer,
        content_type -> Text,
        bytes -> Integer,
    }
}

diesel::table! {
    tip_tags (tip_id, tag) {
        tip_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    tip_helpful (tip_id, user_id) {
        tip_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    search_outbox (id) {
        id -> BigInt,
        doc_kind -> Text,
        doc_id -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    product_tests (id) {
        id -> Text,
        product_id -> Text,
        title -> Text,
        description -> Text,
        description_html -> Text,
        units -> Integer,
        apply_from -> Timestamp,
        apply_until -> Timestamp,
        report_due -> Timestamp,
        questions -> Text,
        report_questions -> Text,
        min_level -> Nullable<Integer>,
        seed_commitment -> Text,
        seed -> Text,
        pseudonym_key -> Text,
        applicants_hash -> Nullable<Text>,
        applicants_count -> Nullable<Integer>,
        drawn_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_test_applications (test_id, user_id) {
        test_id -> Text,
        user_id -> Text,
        answers -> Text,
        shipping_address -> Nullable<Text>,
        consent_at -> Nullable<Timestamp>,
        address_deleted_at -> Nullable<Timestamp>,
        pseudonym -> Nullable<Text>,
        weight -> Nullable<Integer>,
        position -> Nullable<Integer>,
        selected -> Bool,
        reminded_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_test_reports (id) {
        id -> Text,
        test_id -> Text,
        user_id -> Text,
        rating_id -> Nullable<Text>,
        pros -> Text,
        cons -> Text,
        answers -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    raffles (id) {
        id -> Text,
        challenge_id -> Text,
        prizes -> Integer,
        seed_commitment -> Text,
        seed -> Text,
        participants_hash -> Nullable<Text>,
        participants_count -> Nullable<Integer>,
        winners -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        drawn_at -> Nullable<Timestamp>,
        prize_names -> Text,
    }
}

diesel::table! {
    raffle_participants (raffle_id, position) {
        raffle_id -> Text,
        position -> Integer,
        user_id -> Text,
        handle -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        recipient -> Text,
        kind -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        headers -> Text,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        attempts -> Integer,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    email_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        purpose -> Text,
        email -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        version -> Text,
        given -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    write_events (id) {
        id -> BigInt,
        bucket -> Text,
        action -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    client_marks (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        subject_id -> Nullable<Text>,
        net_hash -> Text,
        addr_hash -> Text,
        device_hash -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    write_buckets (bucket, action) {
        bucket -> Text,
        action -> Text,
        touched -> Timestamp,
    }
}

diesel::table! {
    trust_cases (id) {
        id -> Text,
        fingerprint -> Text,
        status -> Text,
        score -> Double,
        signals -> Text,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
    }
}

diesel::table! {
    trust_case_members (case_id, user_id) {
        case_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    trust_case_supports (case_id, idea_id, user_id) {
        case_id -> Text,
        idea_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    trust_holds (idea_id) {
        idea_id -> Text,
        flagged -> Integer,
        supports -> Integer,
        created_at -> Timestamp,
        released_at -> Nullable<Timestamp>,
        released_by -> Nullable<Text>,
    }
}

diesel::table! {
    idea_feedback (id) {
        id -> Text,
        idea_id -> Text,
        user_id -> Text,
        originality -> Integer,
        execution -> Integer,
        detail -> Integer,
        presentation -> Integer,
        note -> Text,
        note_html -> Text,
        note_hidden_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    review_criteria (scope) {
        scope -> Text,
        criteria -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    review_assignments (idea_id, evaluator_id) {
        idea_id -> Text,
        evaluator_id -> Text,
        status -> Text,
        scores -> Text,
        note -> Text,
        assigned_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    review_memos (event_id) {
        event_id -> Text,
        idea_id -> Text,
        outcomes -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(ideas -> users (author_id));
diesel::joinable!(consents -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(ideas -> challenges (challenge_id));
diesel::joinable!(idea_tags -> ideas (idea_id));
diesel::joinable!(supports -> ideas (idea_id));
diesel::table! {
    staff_picks (idea_id) {
        idea_id -> Text,
        note -> Text,
        picked_by -> Nullable<Text>,
        picked_at -> Timestamp,
    }
}

diesel::table! {
    fan_votes (id) {
        id -> Text,
        title -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        show_results -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        settled_at -> Nullable<Timestamp>,
        winners -> Nullable<Text>,
        total_votes -> Nullable<Integer>,
    }
}

diesel::table! {
    fan_vote_finalists (fan_vote_id, idea_id) {
        fan_vote_id -> Text,
        idea_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    fan_vote_ballots (fan_vote_id, user_id) {
        fan_vote_id -> Text,
        user_id -> Text,
        idea_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(comments -> ideas (idea_id));
diesel::joinable!(comments -> users (author_id));

diesel::joinable!(idea_events -> ideas (idea_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(ratings -> products (product_id));
diesel::joinable!(ratings -> users (user_id));
diesel::joinable!(tips -> users (author_id));
diesel::joinable!(tips -> products (product_id));
diesel::joinable!(tip_tags -> tips (tip_id));
diesel::joinable!(image_variants -> images (image_id));
diesel::joinable!(point_totals -> users (user_id));
diesel::joinable!(point_entries -> users (user_id));
diesel::joinable!(user_badges -> users (user_id));

diesel::table! {
    questions (id) {
        id -> Text,
        product_id -> Text,
        author_id -> Text,
        title -> Text,
        body -> Text,
        body_html -> Text,
        answers_count -> Integer,
        helpful_count -> Integer,
        official_answered_at -> Nullable<Timestamp>,
        accepted_answer_id -> Nullable<Text>,
        open_reports -> Integer,
        hidden_at -> Nullable<Timestamp>,
        edited_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    answers (id) {
        id -> Text,
        question_id -> Text,
        author_id -> Text,
        body -> Text,
        body_html -> Text,
        official -> Bool,
        helpful_count -> Integer,
        open_reports -> Integer,
        hidden_at -> Nullable<Timestamp>,
        edited_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    answer_helpful (answer_id, user_id) {
        answer_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    product_follows (product_id, user_id) {
        product_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(questions -> products (product_id));
diesel::joinable!(answers -> questions (question_id));

diesel::table! {
    oidc_identities (provider_id, subject) {
        provider_id -> Text,
        subject -> Text,
        user_id -> Text,
        linked_at -> Timestamp,
    }
}

diesel::table! {
    oidc_logins (id) {
        id -> Text,
        provider_id -> Text,
        state -> Nullable<Text>,
        nonce -> Nullable<Text>,
        pkce_verifier -> Nullable<Text>,
        link_user_id -> Nullable<Text>,
        next -> Text,
        subject -> Nullable<Text>,
        email -> Nullable<Text>,
        email_verified -> Bool,
        display_name -> Nullable<Text>,
        proposed_handle -> Nullable<Text>,
        role -> Nullable<Text>,
        existing_user_id -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(oidc_identities -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    email_tokens,
    mail_outbox,
    notification_settings,
    digests,
    challenges,
    ideas,
    idea_tags,
    supports,
    vote_budgets,
    comments,
    idea_events,
    idea_updates,
    reports,
    audit_log,
    notifications,
    products,
    ratings,
    review_helpful,
    product_alerts,
    tips,
    tip_tags,
    tip_helpful,
    search_outbox,
    leases,
    point_entries,
    point_totals,
    point_counts,
    point_windows,
    point_pending,
    job_marks,
    user_badges,
    raffles,
    raffle_participants,
    product_tests,
    product_test_applications,
    product_test_reports,
    consents,
    images,
    image_variants,
    write_events,
    write_buckets,
    client_marks,
    trust_cases,
    trust_case_members,
    trust_case_supports,
    trust_holds,
    questions,
    answers,
    answer_helpful,
    product_follows,
    staff_picks,
    fan_votes,
    fan_vote_finalists,
    fan_vote_ballots,
    idea_feedback,
    review_criteria,
    review_assignments,
    review_memos,
    oidc_identities,
    oidc_logins,
);

// Signed webhooks (docs/WEBHOOKS.md), migration 2026-12-05-000100_webhooks.
diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        url -> Text,
        description -> Text,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_until -> Nullable<Timestamp>,
        enabled -> Bool,
        disabled_reason -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_subscriptions (endpoint_id, event) {
        endpoint_id -> Text,
        event -> Text,
    }
}

diesel::table! {
    webhook_messages (id) {
        id -> BigInt,
        msg_id -> Text,
        endpoint_id -> Text,
        event -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> BigInt,
        message_id -> BigInt,
        endpoint_id -> Text,
        attempted_at -> Timestamp,
        response_status -> Nullable<Integer>,
        duration_ms -> Integer,
        succeeded -> Bool,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_subscriptions -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_messages -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_messages (message_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_endpoints,
    webhook_subscriptions,
    webhook_messages,
    webhook_attempts,
    users,
);

// Challenge news (migration 2026-12-05-000090_challenge_news; docs/FEEDS.md).
diesel::table! {
    challenge_news (id) {
        id -> Text,
        challenge_id -> Text,
        author_id -> Nullable<Text>,
        title -> Text,
        body -> Text,
        body_html -> Text,
        published_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(challenge_news -> challenges (challenge_id));
diesel::allow_tables_to_appear_in_same_query!(challenge_news, challenges);
