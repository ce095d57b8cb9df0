export const id = 564;
export const ids = [564];
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

/***/ 67355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AM: () => (/* binding */ readBaselineStream),
/* harmony export */   nk: () => (/* binding */ parseBaseline),
/* harmony export */   vD: () => (/* binding */ UnreadableBaseline)
/* harmony export */ });
/* harmony import */ var _compare_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50181);
/* harmony import */ var _config_fields_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56450);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32794);
// Reads last run's JSON report, the baseline the diff compares with.



const NO_RECORDS = { users: [], lineAt: () => undefined };
/** The baseline is not a report this action can read: a reason for a first report, not a failure. */
class UnreadableBaseline extends Error {
}
/**
 * Reads last run's JSON report; throws an UnreadableBaseline that says what is wrong with it.
 *
 * A report in the layout `toJson` writes is read a line at a time, side by side with `current`
 * (both are in report order), and a line whose text is the text of this run's record for the same
 * user is that record again: it is not parsed. Most users do not change from one month to the
 * next, so this spares most of the work. Any other layout is parsed as a whole.
 */
function parseBaseline(text, current = NO_RECORDS) {
    const walk = new LineWalk(current);
    for (const line of splitLines(text))
        if (!walk.add(line))
            return readDocument(text);
    return walk.end() ?? readDocument(text);
}
/**
 * `parseBaseline` on a stream of bytes, which is read once and never held whole: `open` is called
 * again, and the bytes gathered, only for a report in another layout. Errors of the stream
 * propagate as they are; only what is wrong with the report is an UnreadableBaseline.
 */
async function readBaselineStream(open, current = NO_RECORDS) {
    const walk = new LineWalk(current);
    let fits = true;
    for await (const line of streamLines(open()))
        if (!(fits = walk.add(line)))
            break;
    const report = fits ? walk.end() : undefined;
    if (report !== undefined)
        return report;
    const chunks = [];
    for await (const chunk of open())
        chunks.push(chunk);
    return readDocument(Buffer.concat(chunks).toString('utf8'));
}
function readDocument(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new UnreadableBaseline(`the baseline report is not JSON (${error.message})`, {
            cause: error
        });
    }
    if (!(0,_config_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(value))
        throw new UnreadableBaseline('the baseline report is not a JSON object');
    const head = readHead(value);
    if (!Array.isArray(value.users))
        throw new UnreadableBaseline('the baseline report has no users list');
    return { ...head, users: value.users.map(readUser) };
}
/**
 * The lines of a report in toJson's layout, one at a time: the head, one record per line (each
 * but the last followed by a comma), then `]}`. `add` returns false when a line does not fit
 * that layout or is not JSON, and the document is then read whole, which also says what is wrong.
 */
class LineWalk {
    current;
    head;
    users = [];
    /** This run's records are walked side by side with the lines: the first not passed. */
    next = 0;
    /** After the head, and after a record that ends with a comma, a record must follow. */
    recordDue = true;
    closed = false;
    constructor(current) {
        this.current = current;
    }
    add(line) {
        if (this.head === undefined)
            return this.addHead(line);
        if (this.closed)
            return line === '';
        if (line === _json_js__WEBPACK_IMPORTED_MODULE_1__/* .USERS_CLOSE */ .gR) {
            this.closed = !this.recordDue;
            return this.closed;
        }
        if (!this.recordDue)
            return false;
        this.recordDue = line.endsWith(',');
        const text = this.recordDue ? line.slice(0, -1) : line;
        const record = this.match(text);
        if (record === undefined)
            return false;
        this.users.push(record);
        return true;
    }
    end() {
        return this.head !== undefined && this.closed ? { ...this.head, users: this.users } : undefined;
    }
    addHead(line) {
        if (!line.endsWith(_json_js__WEBPACK_IMPORTED_MODULE_1__/* .USERS_OPEN */ .CG))
            return false;
        let value;
        try {
            value = JSON.parse(`${line}${_json_js__WEBPACK_IMPORTED_MODULE_1__/* .USERS_CLOSE */ .gR}`);
        }
        catch {
            return false;
        }
        if (!(0,_config_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(value))
            return false;
        this.head = readHead(value);
        return true;
    }
    /** This run's record when the text is its text, else the record the text holds. */
    match(text) {
        const { users } = this.current;
        if (this.isTextAt(this.next, text))
            return users[this.next++];
        let value;
        try {
            value = JSON.parse(text);
        }
        catch {
            return undefined;
        }
        const record = readUser(value, this.users.length);
        // Users added since sort before this one: pass them, then look at this user's record.
        let order = -1;
        while (this.next < users.length &&
            (order = (0,_compare_js__WEBPACK_IMPORTED_MODULE_2__/* .compareUserRecords */ .XU)(users[this.next], record)) < 0)
            this.next++;
        if (order !== 0)
            return record;
        return this.isTextAt(this.next++, text) ? users[this.next - 1] : record;
    }
    /** Whether `text` is the line of this run's record at `index`. */
    isTextAt(index, text) {
        return this.current.lineAt(index) === text;
    }
}
/** Lines without their `\n`. */
function* splitLines(text) {
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        yield text.slice(start, end);
        start = end + 1;
    }
    yield text.slice(start);
}
/**
 * The same lines as `splitLines` gives for the text of all the chunks together; each line is
 * decoded on its own and dropped after use.
 */
async function* streamLines(chunks) {
    // The pieces of a line that chunk ends cut; a chunk is never copied whole to join it to them.
    let cut = [];
    for await (const chunk of chunks) {
        const bytes = bufferOf(chunk);
        let start = 0;
        for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
            if (cut.length === 0) {
                yield bytes.toString('utf8', start, end);
            }
            else {
                cut.push(bytes.subarray(start, end));
                const line = Buffer.concat(cut).toString('utf8');
                cut = [];
                yield line;
            }
            start = end + 1;
        }
        // A copy, so that the chunk itself is not held on to by a short remainder.
        if (start < bytes.length)
            cut.push(Buffer.from(bytes.subarray(start)));
    }
    yield Buffer.concat(cut).toString('utf8');
}
function bufferOf(data) {
    return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
/** Everything but the users: the same checks, in the same order, whichever way it is read. */
function readHead(value) {
    if (value.schemaVersion !== 1) {
        throw new UnreadableBaseline(`the baseline report has schemaVersion ${JSON.stringify(value.schemaVersion)}; only 1 is read`);
    }
    const { generatedAt, source } = value;
    if (typeof generatedAt !== 'string')
        throw new UnreadableBaseline('the baseline report has no generatedAt');
    if (!(0,_config_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(source) ||
        typeof source.region !== 'string' ||
        !(source.aggregator === null || typeof source.aggregator === 'string')) {
        throw new UnreadableBaseline('the baseline report has no valid source { aggregator, region }');
    }
    return {
        schemaVersion: 1,
        generatedAt,
        source: { aggregator: source.aggregator, region: source.region }
    };
}
/** Every field of a record, in column order, so that the first bad field is the one reported. */
const USER_FIELD_TYPES = {
    account_id: 'a string',
    account_name: 'a string',
    user_name: 'a string',
    user_id: 'a string',
    arn: 'a string',
    path: 'a string',
    create_date: 'a string',
    groups: 'a list of strings',
    managed_policies: 'a list of strings',
    inline_policies: 'a list of strings',
    group_managed_policies: 'a list of strings',
    group_inline_policies: 'a list of strings',
    permissions_boundary: 'a string',
    is_admin: 'a boolean',
    admin_reason: 'a string',
    tags: 'a list of strings',
    config_captured_at: 'a string',
    managed_policy_arns: 'a list of strings'
};
const USER_FIELDS = Object.keys(USER_FIELD_TYPES);
function hasType(value, type) {
    if (type === 'a string')
        return typeof value === 'string';
    if (type === 'a boolean')
        return typeof value === 'boolean';
    return Array.isArray(value) && value.every(item => typeof item === 'string');
}
function readUser(value, index) {
    if (!(0,_config_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(value))
        throw new UnreadableBaseline(`users[${index}] of the baseline report is not an object`);
    for (const field of USER_FIELDS) {
        const type = USER_FIELD_TYPES[field];
        if (!hasType(value[field], type))
            throw new UnreadableBaseline(`users[${index}].${field} of the baseline report must be ${type}`);
    }
    // A record toJson wrote has exactly these fields: keep it as parsed, rather than copy 100,000
    // objects (and make the garbage collector move both).
    if (Object.keys(value).length === USER_FIELDS.length)
        return value;
    return Object.fromEntries(USER_FIELDS.map(field => [field, value[field]]));
}


/***/ }),

/***/ 76564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readS3Baseline: () => (/* binding */ readS3Baseline)
/* harmony export */ });
/* harmony import */ var _aws_s3_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91075);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _report_baseline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(67355);



/**
 * A missing baseline is a first report; an unreadable one is a warning and a first report; a
 * failure to reach it, or to read it to the end, must fail the step, or every change since the
 * last report would go unsaid. The object is read as a stream, never held whole.
 */
async function readS3Baseline(client, bucket, key, warn, current) {
    const where = (0,_aws_s3_js__WEBPACK_IMPORTED_MODULE_0__/* .s3Uri */ .tT)(bucket.bucket, key);
    const failed = (failure) => ({
        baseline: null,
        note: `The baseline ${where} could not be read.`,
        failure: `reading the baseline ${failure}`
    });
    let body;
    try {
        body = await (0,_aws_s3_js__WEBPACK_IMPORTED_MODULE_0__/* .getObjectStream */ .Wg)(client, bucket, key);
    }
    catch (error) {
        return failed(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)} (allow s3:GetObject on it and s3:ListBucket on the bucket)`);
    }
    if (body === undefined)
        return { baseline: null, note: `First report: no baseline at ${where} yet.` };
    // A report in another layout is read a second time, whole.
    let first = body;
    const open = () => {
        const stream = first ?? getAgain(client, bucket, key);
        first = undefined;
        return stream;
    };
    try {
        const baseline = await (0,_report_baseline_js__WEBPACK_IMPORTED_MODULE_2__/* .readBaselineStream */ .AM)(open, current);
        return { baseline, note: `Compared with ${where}, generated ${baseline.generatedAt}.` };
    }
    catch (error) {
        if (!(error instanceof _report_baseline_js__WEBPACK_IMPORTED_MODULE_2__/* .UnreadableBaseline */ .vD))
            return failed(`${where}: the connection failed while it was read (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)})`);
        warn(`The baseline ${where} is not a readable report (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}); treating this as a first report.`);
        return { baseline: null, note: `First report: the baseline at ${where} was unreadable.` };
    }
}
async function* getAgain(client, bucket, key) {
    const body = await (0,_aws_s3_js__WEBPACK_IMPORTED_MODULE_0__/* .getObjectStream */ .Wg)(client, bucket, key);
    if (body === undefined)
        throw new Error('NoSuchKey: the object went away while it was read');
    yield* body;
}


/***/ })

};

//# sourceMappingURL=564.index.js.map