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
    }
}

diesel::joinable!(ideas -> users (author_id));
diesel::joinable!(ideas -> challenges (challenge_id));
diesel::joinable!(idea_tags -> ideas (idea_id));
diesel::joinable!(supports -> ideas (idea_id));
diesel::joinable!(comments -> ideas (idea_id));
diesel::joinable!(comments -> users (author_id));

diesel::allow_tables_to_appear_in_same_query!(users, challenges, ideas, idea_tags, supports, vote_budgets, comments);
