// The Azure Blob Storage calls that @actions/artifact makes (through @azure/storage-blob's
// BlockBlobClient) against the signed URL the results service hands out: Put Block, Put Block
// List, single-shot Put Blob, and Get Blob for downloads.
import { randomBytes, randomUUID } from 'node:crypto'
import { sendXml, xmlEscape } from './http-util.js'

/** @typedef {{ sig: string, blocks: Map<string, Buffer>, data?: Buffer }} PendingBlob */

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} code @param {string} message */
function blobError(res, status, code, message) {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`
  sendXml(res, status, xml, { 'x-ms-error-code': code, 'x-ms-request-id': randomUUID() })
}

/**
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {URL} u @param {Buffer} data the request body
 * @param {{ upload?: PendingBlob, stored?: Buffer }} blob the upload in progress, or the committed bytes
 */
export function handleBlob(req, res, u, data, { upload, stored }) {
  const headers = {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2025-01-05',
    date: new Date().toUTCString()
  }
  const created = (/** @type {Record<string, string>} */ extra = {}) => {
    res.writeHead(201, {
      ...headers,
      'x-ms-request-server-encrypted': 'true',
      'content-length': 0,
      ...extra
    })
    res.end()
  }
  if (req.method === 'GET') {
    if (!stored) return blobError(res, 404, 'BlobNotFound', 'The specified blob does not exist.')
    res.writeHead(200, {
      ...headers,
      'content-type': 'application/zip',
      'content-length': stored.length
    })
    return res.end(stored)
  }
  if (!upload) return blobError(res, 404, 'BlobNotFound', 'The specified blob does not exist.')
  if (u.searchParams.get('sig') !== upload.sig)
    return blobError(res, 403, 'AuthenticationFailed', 'Server failed to authenticate the request.')
  if (req.method !== 'PUT')
    return blobError(
      res,
      405,
      'UnsupportedHttpVerb',
      'The resource does not support the specified HTTP verb.'
    )
  const etag = {
    etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
    'last-modified': new Date().toUTCString()
  }
  const comp = u.searchParams.get('comp')
  if (comp === 'block') {
    upload.blocks.set(String(u.searchParams.get('blockid')), data)
    return created()
  }
  if (comp === 'blocklist') {
    // The blob is the blocks in the order the list names them, not the order they arrived in.
    const ids = [
      ...data.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)
    ].map(m => m[2])
    if (ids.some(b => !upload.blocks.has(b)))
      return blobError(res, 400, 'InvalidBlockList', 'The specified block list is invalid.')
    upload.data = Buffer.concat(ids.map(b => /** @type {Buffer} */ (upload.blocks.get(b))))
    return created(etag)
  }
  if (req.headers['x-ms-blob-type'] !== 'BlockBlob')
    return blobError(
      res,
      400,
      'MissingRequiredHeader',
      'An HTTP header that is mandatory for this request is not specified.'
    )
  upload.data = data
  created(etag)
}
