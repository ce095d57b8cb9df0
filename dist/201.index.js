export const id = 201;
export const ids = [201];
export const modules = {

/***/ 27201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  addCredentialReports: () => (/* binding */ addCredentialReports)
});

// UNUSED EXPORTS: collectCredentialReports, partitionOf

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(16764);
;// CONCATENATED MODULE: ./src/aws/iam.ts

/**
 * The credential-report calls of one member account. IAM is global: the region only selects the
 * partition's endpoint and signing region. AWS_ENDPOINT_URL_IAM is honoured like every endpoint.
 */
function createIamCredentialReportApi(region, credentials) {
    const iam = new dist_cjs/* IAMClient */.h8v({ region, credentials, maxAttempts: 3 });
    return {
        generate: () => iam.send(new dist_cjs/* GenerateCredentialReportCommand */.seh({})),
        get: () => iam.send(new dist_cjs/* GetCredentialReportCommand */.DBo({})),
        destroy: () => iam.destroy()
    };
}

// EXTERNAL MODULE: ./src/aws/sts.ts
var sts = __webpack_require__(8665);
// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/report/credential-report.ts + 1 modules
var credential_report = __webpack_require__(92859);
;// CONCATENATED MODULE: ./src/report/enrich-report.ts

/**
 * Adds each user's credential-report row, matched by ARN within the account. Users of an account
 * whose report failed, or created after IAM made the report (it is reused for up to 4 hours),
 * keep no enrichment: their columns stay empty.
 */
function enrichReport(report, byAccount, info) {
    const now = new Date(report.generatedAt);
    const users = report.users.map(user => {
        const row = byAccount.get(user.account_id)?.get(user.arn);
        return row
            ? { ...user, enrichment: (0,credential_report/* enrichmentFor */.Bn)(row, user.create_date, now, info.staleDays) }
            : user;
    });
    return { ...report, users, credentialReports: info };
}

// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(49809);
;// CONCATENATED MODULE: ./src/steps/credential-reports/read-account.ts




const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 8_000;
// IAM generates the report asynchronously and allows few generations at a time. The SDK names
// the errors after the model (`CredentialReportNotReadyException`) and keeps IAM's code in `Code`
// (`ReportInProgress`); match both. NotPresent/Expired mean: ask IAM to generate again.
const REPORT_NOT_READY = [
    'ReportInProgress',
    'CredentialReportNotReadyException',
    'ReportNotPresent',
    'CredentialReportNotPresentException',
    'ReportExpired',
    'CredentialReportExpiredException',
    'LimitExceeded',
    'LimitExceededException'
];
/** GenerateCredentialReport answered a state other than COMPLETE: IAM is still writing it. */
class ReportPending extends Error {
    state;
    name = 'ReportPending';
    constructor(state) {
        super(`credential report ${state}`);
        this.state = state;
    }
}
const isNotReady = (error) => error instanceof ReportPending || (0,errors/* hasCode */.up)(error, ...REPORT_NOT_READY) || (0,errors/* isRetryable */.r3)(error);
/** IAM's last word, for the log and the timeout: the report's state or the error's code. */
const lastAnswer = (error) => error instanceof ReportPending ? error.state : (0,errors/* errorCode */.CA)(error);
/**
 * Assumes the member role and reads its account's credential report: user ARN → row, or the
 * reason the account yielded none. Never throws: a failing account is a reason, not an abort.
 */
async function readAccountReport(roleArn, reader) {
    // Member credentials live only in this frame and in the IAM client. No log line or reason is
    // built from them, and any error text is scrubbed of them before it leaves.
    let secrets = [];
    try {
        const credentials = await (0,sts/* assumeMemberRole */.Tb)(reader.sts, roleArn, {
            sleep: reader.sleep,
            log: reader.log
        });
        secrets = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? ''];
        const iam = reader.createIam(credentials);
        try {
            const content = await pollReport(iam, roleArn, reader);
            const rows = (0,credential_report/* parseCredentialReport */.tX)(new TextDecoder().decode(content));
            return new Map(rows.map(row => [row.arn, row]));
        }
        finally {
            iam.destroy?.();
        }
    }
    catch (error) {
        // Our own errors already say what to do; anything else is IAM's or the parser's words.
        const reason = (0,errors/* isExpected */.Dn)(error)
            ? (0,errors/* errorMessage */.gJ)(error)
            : `credential report failed: ${(0,errors/* describeError */.Uc)(error)}`;
        return scrub(reason, secrets);
    }
}
/** GenerateCredentialReport until COMPLETE (waiting out not-ready answers), then GetCredentialReport. */
async function pollReport(iam, roleArn, reader) {
    const label = `Credential report for ${roleArn.split(':')[4]}`;
    try {
        return await (0,retry/* withRetry */.b)(async () => {
            const { State = '' } = await iam.generate();
            if (State !== 'COMPLETE')
                throw new ReportPending(State);
            const { Content } = await iam.get();
            if (!Content?.length)
                throw new errors/* AwsQueryError */.qE('IAM returned an empty credential report');
            return Content;
        }, {
            label,
            // Bounded by the time IAM may take, not by a count of answers.
            maxAttempts: Infinity,
            maxElapsedMs: reader.timeoutMs,
            baseDelayMs: FIRST_POLL_MS,
            maxDelayMs: MAX_POLL_MS,
            // Each account waits on its own report: there is no crowd of callers to spread apart.
            jitter: false,
            shouldRetry: isNotReady,
            describeRetry: (error, delay) => `${label}: ${lastAnswer(error)}; next try in ${delay} ms`,
            sleep: reader.sleep,
            now: reader.now,
            log: reader.log
        });
    }
    catch (error) {
        if ((0,errors/* isAccessDenied */.w7)(error))
            throw new errors/* AwsQueryError */.qE(`role ${roleArn} may not read the credential report: allow iam:GenerateCredentialReport and iam:GetCredentialReport`);
        // Only the deadline ends the polling on a not-ready answer.
        if (isNotReady(error))
            throw new errors/* AwsQueryError */.qE(`credential report not ready within ${Math.round(reader.timeoutMs / 1000)} s (last answer: ${lastAnswer(error)})`);
        throw error;
    }
}
/** One line, bounded, and without any of the member role's credentials. */
function scrub(text, secrets) {
    let out = text;
    for (const secret of secrets)
        if (secret)
            out = out.split(secret).join('***');
    out = out.replace(/\s+/g, ' ').trim();
    return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}

;// CONCATENATED MODULE: ./src/steps/credential-reports.ts







/** Accounts read at once: each waits on IAM to generate its report, not on us. */
const CONCURRENCY = 8;
// Well inside the member role's 900 s session.
const DEFAULT_TIMEOUT_MS = 300_000;
/**
 * The partition of the users' own ARNs (aws, aws-cn, aws-us-gov, aws-iso…): the member roles
 * live in the same one, whatever the region's name says.
 */
function partitionOf(report) {
    return report.users[0]?.arn.split(':')[1] || 'aws';
}
/**
 * Adds MFA, password and access-key use from each account's credential report. An account that
 * yields none is a warning and keeps empty columns; only when none at all succeeded does the
 * step fail, since then the role or its deployment is wrong, not one account.
 */
async function addCredentialReports(report, opts) {
    const accountIds = new Set(report.users.map(u => u.account_id));
    if (accountIds.size === 0)
        return enrichReport(report, new Map(), { staleDays: opts.staleDays, failedAccounts: [] });
    const partition = partitionOf(report);
    opts.log(`Reading the credential reports of ${accountIds.size} account(s) through role '${opts.roleName}'`);
    const { byAccount, failures } = await collectCredentialReports({
        accountIds: [...accountIds],
        roleName: opts.roleName,
        partition,
        sourceCredentials: opts.credentials,
        region: opts.region,
        concurrency: CONCURRENCY,
        deps: { log: opts.log }
    });
    for (const f of failures)
        opts.warn(`No credential report for account ${f.accountId}: ${f.reason}`);
    if (byAccount.size === 0) {
        throw new errors/* AwsQueryError */.qE(`No account's credential report could be read through role '${opts.roleName}' (${failures[0]?.reason ?? 'no reason given'}): deploy deploy/member-role.yaml to the member accounts, and allow sts:AssumeRole on arn:${partition}:iam::*:role/${opts.roleName} for this role — or leave member-role-name empty.`);
    }
    opts.log(`Credential reports read for ${byAccount.size} of ${accountIds.size} account(s)`);
    return enrichReport(report, byAccount, { staleDays: opts.staleDays, failedAccounts: failures });
}
/** Assumes the member role in every account and reads its credential report; never throws per account. */
async function collectCredentialReports(request) {
    const deps = request.deps ?? {};
    const ownSts = deps.sts ? undefined : (0,sts/* createStsClient */.uW)(request.region, request.sourceCredentials);
    const reader = {
        sts: deps.sts ?? ownSts,
        createIam: deps.createIam ??
            ((c) => createIamCredentialReportApi(request.region, c)),
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        sleep: deps.sleep ?? retry/* sleep */.y,
        now: deps.now ?? Date.now,
        log: deps.log
    };
    const ids = [...new Set(request.accountIds)].sort();
    let outcomes;
    try {
        // readAccountReport never throws: a failing account is a reason, not an abort.
        outcomes = await (0,concurrency/* mapConcurrently */.X)(ids, request.concurrency, id => readAccountReport(`arn:${request.partition}:iam::${id}:role/${request.roleName}`, reader));
    }
    finally {
        ownSts?.destroy();
    }
    const result = { byAccount: new Map(), failures: [] };
    ids.forEach((id, i) => {
        const outcome = outcomes[i];
        if (typeof outcome === 'string')
            result.failures.push({ accountId: id, reason: outcome });
        else
            result.byAccount.set(id, outcome);
    });
    return result;
}


/***/ })

};

//# sourceMappingURL=201.index.js.map