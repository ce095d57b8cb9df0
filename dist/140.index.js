export const id = 140;
export const ids = [140];
export const modules = {

/***/ 91075:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ putObject),
/* harmony export */   Wg: () => (/* binding */ getObjectStream),
/* harmony export */   tT: () => (/* binding */ s3Uri)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53711);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);


function s3Uri(bucket, key) {
    return `s3://${bucket}/${key}`;
}
async function putObject(client, opts, key, body, contentType, 
/** `writeOnce`: S3 refuses (412) to replace an object that exists. */
{ writeOnce = false } = {}) {
    const encryption = opts.kmsKeyId
        ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: opts.kmsKeyId }
        : { ServerSideEncryption: 'AES256' };
    try {
        await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__.PutObjectCommand({
            Bucket: opts.bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            ...encryption,
            ...(writeOnce ? { IfNoneMatch: '*' } : {}),
            ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
        }));
    }
    catch (error) {
        throw new Error(describeS3Error(error, opts, key, 's3:PutObject'), { cause: error });
    }
}
/**
 * The object's body as a stream of bytes, or undefined when the object does not exist. Any other
 * failure to get it throws; a failure while the body is read throws from the stream.
 */
async function getObjectStream(client, opts, key) {
    try {
        const result = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__.GetObjectCommand({
            Bucket: opts.bucket,
            Key: key,
            ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
        }));
        // In Node the body is a Readable, which yields Buffers.
        return result.Body ?? EMPTY_BODY;
    }
    catch (error) {
        // Only a missing object is a first report; a missing bucket is a setting to fix.
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .hasCode */ .up)(error, 'NoSuchKey'))
            return undefined;
        throw new Error(describeS3Error(error, opts, key, 's3:GetObject'), { cause: error });
    }
}
const EMPTY_BODY = {
    async *[Symbol.asyncIterator]() { }
};
function describeS3Error(error, opts, key, action) {
    const where = s3Uri(opts.bucket, key);
    // A missing object never gets here (getObjectStream answers undefined), so this is the bucket.
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isNotFound */ .c4)(error)) {
        return `${where}: bucket '${opts.bucket}' does not exist — check s3-bucket and s3-region`;
    }
    // Only dated reports are written once, so the object that exists is a report of the same second.
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .hasCode */ .up)(error, 'PreconditionFailed') || (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatus */ .nG)(error) === 412) {
        return `${where}: a report for this second already exists and is never overwritten — run again`;
    }
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isForbidden */ .US)(error)) {
        return `${where}: access denied — allow ${action} on arn:aws:s3:::${opts.bucket}/<s3-prefix>* for the role${opts.expectedOwner ? `, and check that the bucket belongs to ${opts.expectedOwner} (expected-bucket-owner)` : ''}${opts.kmsKeyId ? ', and kms:GenerateDataKey/kms:Decrypt on the key' : ''}`;
    }
    return `${where}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(error)}`;
}


/***/ }),

/***/ 65140:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deliver: () => (/* binding */ deliver)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/aws/s3.ts
var aws_s3 = __webpack_require__(91075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/github/artifact.ts
/** Uploads the report files as one workflow artifact; returns its id. */
async function uploadReportArtifact(client, name, files, rootDirectory, retentionDays) {
    const result = await client.uploadArtifact(name, [...files], rootDirectory, retentionDays === undefined ? {} : { retentionDays });
    if (result.id === undefined)
        throw new Error(`artifact '${name}' was uploaded but the service returned no id`);
    return result.id;
}

// EXTERNAL MODULE: ./src/report/diff.ts
var report_diff = __webpack_require__(20227);
// EXTERNAL MODULE: ./src/report/markdown/markdown.ts
var markdown = __webpack_require__(63225);
// EXTERNAL MODULE: ./src/report/markdown/tables.ts
var tables = __webpack_require__(67697);
// EXTERNAL MODULE: ./src/report/markdown/user-rows.ts
var user_rows = __webpack_require__(82629);
;// CONCATENATED MODULE: ./src/report/markdown/issue.ts




/** GitHub rejects an issue body longer than this. */
const ISSUE_BODY_LIMIT = 65_536;
/** What the body is planned to; the margin covers any difference in how GitHub counts characters. */
const ISSUE_BODY_BUDGET = 60_000;
/** The issue puts admins in bold: among the changes they are what a reader must not miss. */
const BOLD_YES = '**yes**';
const MARKER_PATTERN = /^<!-- iam-user-report baseline=([0-9A-Za-z:.+-]*) -->$/;
/**
 * The hidden comment that ties an issue to one baseline. Only timestamp characters are kept, so
 * a tampered baseline cannot close the comment early.
 */
function issueMarker(baselineGeneratedAt) {
    return `<!-- iam-user-report baseline=${baselineGeneratedAt.replace(/[^0-9A-Za-z:.+-]/g, '')} -->`;
}
/** The baseline `generatedAt` recorded in an issue body, or null when it carries no marker. */
function findMarker(body) {
    return MARKER_PATTERN.exec(firstLine(body))?.[1] ?? null;
}
/** Whether the body is the issue of this marker's baseline: the marker is its first line. */
function hasMarker(body, marker) {
    return firstLine(body) === marker;
}
/**
 * Only the first line counts (SPEC 10): a marker quoted further down, in an issue someone else
 * wrote, must not make the report update that issue.
 */
function firstLine(body) {
    return body.split(/\r?\n/, 1)[0].trim();
}
/** The issue for a non-empty diff against a baseline; a first report opens none. */
function renderIssue(input) {
    const { diff, links, marker } = input;
    if (diff.baselineGeneratedAt === null) {
        throw new Error('An issue needs a baseline to compare with; a first report opens none.');
    }
    const since = (0,markdown/* formatDay */.im)(diff.baselineGeneratedAt);
    // A title is plain text, but a baseline that is not a date must not stretch it over lines.
    const titleSince = (0,markdown/* shorten */.ml)(since.replace(/\s+/g, ' '), 30);
    const title = `IAM users: ${diff.added.length} new, ${diff.removed.length} removed since ${titleSince}`;
    const promoted = diff.changed.filter(report_diff/* becameAdmin */.vR);
    const sections = [
        (0,tables/* tableSection */.Yc)('New users', [...user_rows/* USER_COLUMNS */.K7, 'Created', 'Admin', 'Policies'], diff.added, u => [
            ...(0,user_rows/* newOrRemovedCells */.Z8)(u, BOLD_YES),
            policies(u)
        ]),
        (0,tables/* tableSection */.Yc)('Users that became admin', [...user_rows/* USER_COLUMNS */.K7, 'Admin because', 'What changed'], promoted, c => [...(0,user_rows/* userCells */.pN)(c.after), (0,markdown/* codeSpan */.SS)(c.after.admin_reason), (0,user_rows/* describeChange */.uQ)(c)]),
        (0,tables/* tableSection */.Yc)('Removed users', [...user_rows/* USER_COLUMNS */.K7, 'Created', 'Was admin'], diff.removed, u => (0,user_rows/* newOrRemovedCells */.Z8)(u, BOLD_YES)),
        (0,tables/* tableSection */.Yc)(promoted.length > 0 ? 'Other changed users' : 'Changed users', [...user_rows/* USER_COLUMNS */.K7, 'What changed'], diff.changed.filter(c => !(0,report_diff/* becameAdmin */.vR)(c)), user_rows/* changedCells */.kV),
        ...(0,user_rows/* credentialTables */.j1)(input.report)
    ].filter(s => s.total > 0);
    const lead = renderLead(input, since, promoted.length);
    const tail = renderLinks(links);
    const room = ISSUE_BODY_BUDGET - (0,tables/* joinedSize */.vL)([marker, lead, tail], characters);
    const rendered = (0,tables/* fitTables */.tS)(sections, room, characters, `\u2014 see ${whereTheFullListIs(links)}`);
    return { title, body: `${[marker, lead, ...rendered, tail].join('\n\n')}\n` };
}
function renderLead({ diff, report }, since, promoted) {
    const newAdmins = diff.added.filter(u => u.is_admin).length;
    const accounts = new Set(report.users.map(u => u.account_id)).size;
    return (`Since the report of ${(0,markdown/* escapeText */.X1)(since)}: **${(0,markdown/* formatCount */.B4)(diff.added.length)}** new ` +
        `(${(0,markdown/* formatCount */.B4)(newAdmins)} admin), **${(0,markdown/* formatCount */.B4)(diff.removed.length)}** removed, ` +
        `**${(0,markdown/* formatCount */.B4)(diff.changed.length)}** changed (${(0,markdown/* formatCount */.B4)(promoted)} became admin). ` +
        `Report of ${(0,markdown/* escapeText */.X1)((0,markdown/* formatDay */.im)(report.generatedAt))}: ${(0,markdown/* plural */.LS)(report.users.length, 'user')} ` +
        `in ${(0,markdown/* plural */.LS)(accounts, 'account')}.`);
}
function renderLinks(links) {
    const items = [`- ${(0,markdown/* link */.nf)('Workflow run', links.runUrl)}`];
    if (links.s3Uri !== undefined)
        items.push(`- Report in S3: ${(0,markdown/* inlineCode */.ti)(links.s3Uri)}`);
    if (links.artifactName !== undefined) {
        const name = links.artifactUrl !== undefined
            ? (0,markdown/* link */.nf)(links.artifactName, links.artifactUrl)
            : (0,markdown/* inlineCode */.ti)(links.artifactName);
        items.push(`- Artifact: ${name}`);
    }
    return ['### Full report', '', ...items].join('\n');
}
function whereTheFullListIs(links) {
    if (links.artifactName !== undefined)
        return `the artifact ${(0,markdown/* codeSpan */.SS)(links.artifactName)}`;
    if (links.s3Uri !== undefined)
        return (0,markdown/* codeSpan */.SS)(links.s3Uri);
    return 'the workflow run';
}
/** Every policy that reaches the user, by the path it takes. */
function policies(user) {
    const parts = [
        ['managed', user.managed_policies],
        ['inline', user.inline_policies],
        ['group managed', user.group_managed_policies],
        ['group inline', user.group_inline_policies]
    ];
    const listed = parts.filter(([, names]) => names.length > 0);
    if (listed.length === 0)
        return 'none';
    return listed.map(([kind, names]) => `${kind}: ${(0,markdown/* codeList */.E5)(names)}`).join('<br>');
}
/** GitHub counts an issue body in characters. */
function characters(text) {
    return text.length;
}

;// CONCATENATED MODULE: ./src/github/issues.ts


/** Updates the open issue that carries the marker, or opens a new one. */
async function upsertIssue(octokit, repo, content) {
    try {
        const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
            ...repo,
            state: 'open',
            per_page: 100,
            ...(content.labels.length > 0 ? { labels: content.labels.join(',') } : {})
        });
        const existing = open.find(issue => !issue.pull_request && hasMarker(issue.body ?? '', content.marker));
        if (existing) {
            const { data } = await octokit.rest.issues.update({
                ...repo,
                issue_number: existing.number,
                title: content.title,
                body: content.body
            });
            return { number: data.number, url: data.html_url, updated: true };
        }
        const { data } = await octokit.rest.issues.create({
            ...repo,
            title: content.title,
            body: content.body,
            labels: [...content.labels],
            assignees: [...content.assignees]
        });
        return { number: data.number, url: data.html_url, updated: false };
    }
    catch (error) {
        throw describeGitHubError(error, `issue in ${repo.owner}/${repo.repo}`);
    }
}
function describeGitHubError(error, what) {
    const status = (0,errors/* httpStatus */.nG)(error);
    const answer = `HTTP ${status}: ${(0,errors/* errorMessage */.gJ)(error)}`;
    if (status === 401)
        return new errors/* GitHubError */.y_(`GitHub refused the ${what} (${answer}): the token is invalid or expired — pass a valid github-token.`);
    // GitHub answers its rate limit with 403 (or 429) too; no permission would fix that.
    const limit = rateLimit(error);
    if (limit.hit)
        return new errors/* GitHubError */.y_(`GitHub's rate limit was hit on the ${what} (${answer}), not a missing permission: ${limit.resetAt ? `it resets at ${limit.resetAt}; run again after that` : 'run again later'}.`);
    if ((0,errors/* isForbidden */.US)(error))
        return new errors/* GitHubError */.y_(`GitHub refused the ${what} (${answer}): grant the job \`permissions: issues: write\` and pass github-token.`);
    return new errors/* GitHubError */.y_(`GitHub ${what} failed${status ? ` (HTTP ${status})` : ''}: ${(0,errors/* errorMessage */.gJ)(error)}`);
}
/** Whether octokit's error is GitHub's rate limit, and when it resets (ISO time) if it said. */
function rateLimit(error) {
    const status = (0,errors/* httpStatus */.nG)(error);
    if (status !== 403 && status !== 429)
        return { hit: false };
    const headers = error.response?.headers;
    const remaining = headers?.['x-ratelimit-remaining'];
    const hit = status === 429 || String(remaining) === '0' || /rate limit/i.test((0,errors/* errorMessage */.gJ)(error));
    const reset = Number(headers?.['x-ratelimit-reset']);
    return { hit, ...(hit && reset > 0 ? { resetAt: new Date(reset * 1000).toISOString() } : {}) };
}

// EXTERNAL MODULE: ./src/report/s3-keys.ts
var s3_keys = __webpack_require__(51263);
;// CONCATENATED MODULE: ./src/steps/deliver.ts








const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json' };
/**
 * Every destination is attempted even when an earlier one failed: S3, the artifact, the issue,
 * then the job summary, which links them. latest.* moves only when all of them succeeded, so a
 * re-run diffs against the same baseline and no change goes unreported.
 */
async function deliver(plan, step, log) {
    const result = { failures: plan.baselineFailure ? [plan.baselineFailure] : [] };
    const attempt = async (what, fn) => {
        try {
            await fn();
        }
        catch (error) {
            result.failures.push(`${what}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    };
    const s3 = plan.s3;
    const keys = (0,s3_keys/* reportKeys */.Nl)(s3?.prefix ?? '', new Date(plan.report.generatedAt));
    // Read from the local files at each upload, rather than held through the other destinations.
    const upload = async (s3, key, file, options) => {
        const body = await (0,promises_.readFile)(plan.files[file]);
        await (0,aws_s3/* putObject */.$R)(s3.client, s3.bucket, key, body, CONTENT_TYPES[file], options);
    };
    if (s3) {
        const { bucket } = s3;
        await step('Upload the report to S3', () => attempt('S3 upload', async () => {
            // Written once: a run in the same second must not replace an earlier run's report.
            await upload(s3, keys.csv, 'csv', { writeOnce: true });
            await upload(s3, keys.json, 'json', { writeOnce: true });
            result.s3Uri = (0,aws_s3/* s3Uri */.tT)(bucket.bucket, keys.csv);
            log(`Wrote ${result.s3Uri} and ${(0,aws_s3/* s3Uri */.tT)(bucket.bucket, keys.json)}`);
        }));
    }
    if (plan.artifact) {
        const { client, name, retentionDays } = plan.artifact;
        await step('Upload the workflow artifact', () => attempt(`artifact '${name}'`, async () => {
            result.artifactId = await uploadReportArtifact(client, name, [plan.files.csv, plan.files.json], plan.files.dir, retentionDays);
            log(`Uploaded artifact '${name}' (id ${result.artifactId})`);
        }));
    }
    const baselineAt = plan.diff.baselineGeneratedAt;
    if (plan.issue && baselineAt !== null && !plan.baselineFailure && !(0,report_diff/* isEmptyDiff */.$7)(plan.diff)) {
        const { octokit, repo, labels, assignees } = plan.issue;
        await step('Open or update the issue', () => attempt('issue', async () => {
            const marker = issueMarker(baselineAt);
            const { title, body } = renderIssue({
                diff: plan.diff,
                report: plan.report,
                marker,
                links: {
                    runUrl: plan.runUrl,
                    s3Uri: result.s3Uri,
                    artifactName: result.artifactId !== undefined ? plan.artifact?.name : undefined,
                    artifactUrl: result.artifactId !== undefined
                        ? `${plan.runUrl}/artifacts/${result.artifactId}`
                        : undefined
                }
            });
            result.issue = await upsertIssue(octokit, repo, { title, body, labels, assignees, marker });
            log(`${result.issue.updated ? 'Updated' : 'Opened'} issue #${result.issue.number}: ${result.issue.url}`);
        }));
    }
    if (plan.summary) {
        const writeSummary = plan.summary;
        const nextLatest = s3 && result.failures.length === 0 ? (0,aws_s3/* s3Uri */.tT)(s3.bucket.bucket, keys.latestJson) : undefined;
        await step('Write the job summary', () => attempt('job summary', () => writeSummary(result, nextLatest)));
    }
    if (s3) {
        const { bucket } = s3;
        if (result.failures.length > 0) {
            log(`latest.* not moved: ${result.failures.length} earlier step(s) failed, so the next run compares with the same baseline`);
        }
        else {
            await step('Move latest.csv and latest.json', () => attempt('S3 latest', async () => {
                // The JSON is the baseline: written last, so a failure in between leaves the old one.
                await upload(s3, keys.latestCsv, 'csv');
                await upload(s3, keys.latestJson, 'json');
                result.s3LatestUri = (0,aws_s3/* s3Uri */.tT)(bucket.bucket, keys.latestJson);
                log(`Moved ${result.s3LatestUri} and ${(0,aws_s3/* s3Uri */.tT)(bucket.bucket, keys.latestCsv)}`);
            }));
        }
    }
    return result;
}


/***/ })

};

//# sourceMappingURL=140.index.js.map