import { type ComponentChild, render } from 'preact';
import { loadConfig } from '../common/config';
import '../common/base.css';
import './console.css';
import { ConsoleApp } from './ConsoleApp';

const root = document.getElementById('app')!;
const mount = (node: ComponentChild) => { root.textContent = ''; render(node, root); };
loadConfig().then(
  config => mount(<ConsoleApp config={config} />),
  () => mount(<p role="alert">The console could not load its settings (config.json).</p>),
);
