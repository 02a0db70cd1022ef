// One paced load in a process of its own (see pacedLoadApart in ./paced.ts): options as JSON in
// argv[2], the result as JSON on stdout.
import { pacedLoad } from "./paced";

const result = await pacedLoad(JSON.parse(process.argv[2] as string));
process.stdout.write(JSON.stringify(result));
