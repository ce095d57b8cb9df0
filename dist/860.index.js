export const id = 860;
export const ids = [860];
export const modules = {

/***/ 91075:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ putObject),
/* harmony export */   jQ: () => (/* binding */ getObjectBytes),
/* harmony export */   tT: () => (/* binding */ s3Uri)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53711);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);


function s3Uri(bucket, key) {
    return `s3://${bucket}/${key}`;
}
async function putObject(client, opts, key, body, contentType) {
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
            ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
        }));
    }
    catch (error) {
        throw new Error(describeS3Error(error, opts, key, 's3:PutObject'), { cause: error });
    }
}
/** The object's bytes, or undefined when the object does not exist. Any other failure throws. */
async function getObjectBytes(client, opts, key) {
    try {
        const result = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__.GetObjectCommand({
            Bucket: opts.bucket,
            Key: key,
            ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
        }));
        return (await result.Body?.transformToByteArray()) ?? new Uint8Array();
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorCode */ .CA)(error) === 'NoSuchKey')
            return undefined;
        throw new Error(describeS3Error(error, opts, key, 's3:GetObject'), { cause: error });
    }
}
function describeS3Error(error, opts, key, action) {
    const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorCode */ .CA)(error);
    const where = s3Uri(opts.bucket, key);
    if (code === 'NoSuchBucket') {
        return `${where}: bucket '${opts.bucket}' does not exist — check s3-bucket and s3-region`;
    }
    if (code === 'AccessDenied' || (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatus */ .nG)(error) === 403) {
        return `${where}: access denied — allow ${action} on arn:aws:s3:::${opts.bucket}/<s3-prefix>* for the role${opts.expectedOwner ? `, and check that the bucket belongs to ${opts.expectedOwner} (expected-bucket-owner)` : ''}${opts.kmsKeyId ? ', and kms:GenerateDataKey/kms:Decrypt on the key' : ''}`;
    }
    return `${where}: ${code ? code + ': ' : ''}${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`;
}


/***/ }),

/***/ 89860:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readS3Baseline: () => (/* binding */ readS3Baseline)
/* harmony export */ });
/* harmony import */ var _aws_s3_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91075);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _report_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32794);



/**
 * A missing baseline is a first report; an unreadable one is a warning and a first report; a
 * failure to reach it must fail the step, or every change since the last report would go unsaid.
 */
async function readS3Baseline(client, bucket, key, warn, current) {
    const where = (0,_aws_s3_js__WEBPACK_IMPORTED_MODULE_0__/* .s3Uri */ .tT)(bucket.bucket, key);
    let data;
    try {
        data = await (0,_aws_s3_js__WEBPACK_IMPORTED_MODULE_0__/* .getObjectBytes */ .jQ)(client, bucket, key);
    }
    catch (error) {
        return {
            baseline: null,
            note: `The baseline ${where} could not be read.`,
            failure: `reading the baseline ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)} (allow s3:GetObject on it and s3:ListBucket on the bucket)`
        };
    }
    if (data === undefined)
        return { baseline: null, note: `First report: no baseline at ${where} yet.` };
    try {
        const baseline = (0,_report_json_js__WEBPACK_IMPORTED_MODULE_2__/* .parseBaseline */ .nk)(data, current);
        return { baseline, note: `Compared with ${where}, generated ${baseline.generatedAt}.` };
    }
    catch (error) {
        warn(`The baseline ${where} is not a readable report (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}); treating this as a first report.`);
        return { baseline: null, note: `First report: the baseline at ${where} was unreadable.` };
    }
}


/***/ })

};

//# sourceMappingURL=860.index.js.map