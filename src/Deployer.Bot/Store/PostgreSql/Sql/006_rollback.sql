-- Issue 15: rollbacks go through the promotion ledger. An intent is a promotion or a rollback (its doc also carries
-- "kind", and "previous": each downstream target's release before a promotion, what a rollback returns it to).
-- Rows written before this script are promotions. A rollback and a promotion of one pair share the one-open-intent index.
ALTER TABLE deployer_promotions ADD COLUMN IF NOT EXISTS kind TEXT NOT NULL DEFAULT 'Promote';

-- A rollback looks up the last promotion into its stage: the pair's intents, newest first.
CREATE INDEX IF NOT EXISTS deployer_promotions_pair_seq ON deployer_promotions (pair_key, seq DESC);
