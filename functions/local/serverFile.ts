// `${IAM_DATA_DIR:-.iam}/server.json` tells the CLI where a running local server keeps its tables, so that
// `npx iam …` works next to `npm start` without copying the embedded DynamoDB Local's port by hand.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface ServerFile {
  pid: number
  dynamodbEndpoint: string
  tablePrefix: string
  url: string
}

export function serverFilePath(dataDir: string | undefined): string {
  return join(dataDir ?? '.iam', 'server.json')
}

export function writeServerFile(path: string, content: ServerFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
}

/** Removes the file only while it still describes this process (another server may have replaced it). */
export function removeServerFile(path: string): void {
  if (readServerFile(path)?.pid === process.pid) rmSync(path, { force: true })
}

/** The file's content when it describes a live process, else undefined. */
export function readRunningServer(path: string): ServerFile | undefined {
  const content = readServerFile(path)
  return content && isAlive(content.pid) ? content : undefined
}

function readServerFile(path: string): ServerFile | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ServerFile
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
