// The one URL path Stripe posts to: the ingress routes it, the local stack and infra print and build
// webhook URLs from it, `stripe listen --all-snapshot --forward-to localhost:3001/webhook/stripe` relies on it.
export const WEBHOOK_PATH = '/webhook/stripe';
